#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stop the local backing services started by up.sh (each by its recorded PID).
# Usage: down.sh [mariadb|mysql] [redis] [kafka] [ferretdb|mongo] [postgresql]   (default: all five)
# PostgreSQL stops after FerretDB, its client.
set -euo pipefail

SERVICE=down
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=()
for arg in "${@:-kafka ferretdb postgresql redis mariadb}"; do
  for name in $arg; do
    case "$name" in
      mariadb | mysql) services+=(mariadb) ;;
      redis) services+=(redis) ;;
      kafka) services+=(kafka) ;;
      postgresql | postgres | pg) services+=(postgresql) ;;
      ferretdb | mongo | mongodb) services+=(ferretdb) ;;
      *) die "unknown service '$name' (expected mariadb, redis, kafka, postgresql, ferretdb)" ;;
    esac
  done
done

has() {
  local s
  for s in "${services[@]}"; do [[ "$s" == "$1" ]] && return 0; done
  return 1
}

declare -A jobs=()
for s in "${services[@]}"; do
  if [[ "$s" == postgresql ]] && has ferretdb; then
    continue
  elif [[ "$s" == ferretdb ]] && has postgresql; then
    (bash "$PARLEY_LOCAL_DIR/ferretdb.sh" stop && bash "$PARLEY_LOCAL_DIR/postgresql.sh" stop) &
    jobs[ferretdb+postgresql]=$!
  else
    bash "$PARLEY_LOCAL_DIR/$s.sh" stop &
    jobs[$s]=$!
  fi
done
failed=()
for s in "${!jobs[@]}"; do
  wait "${jobs[$s]}" || failed+=("$s")
done
if ((${#failed[@]})); then
  die "stop failed: ${failed[*]}"
fi
log "stopped: ${services[*]}"
