#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Install (if missing) and start the local backing services, then wait until each answers.
# Usage: up.sh [mariadb|mysql] [redis] [kafka] [postgresql] [ferretdb|mongo]   (default: all five)
# FerretDB stores in PostgreSQL: asking for ferretdb brings postgresql too, started first.
# Runs unattended (no stdin needed). Exit status is non-zero if any service failed.
set -euo pipefail

SERVICE=up
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=()
for arg in "${@:-mariadb redis kafka postgresql ferretdb}"; do
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
if has ferretdb && ! has postgresql && [[ "${PARLEY_FERRETDB_HANDLER:-postgresql}" == postgresql ]]; then
  services+=(postgresql)
fi

t0=$SECONDS
ensure_state_dirs
# A fresh start of FerretDB may drop the throwaway databases of earlier test runs (see ferretdb.sh).
export PARLEY_FERRETDB_SWEEP=1

# Phase 1: installs. apt-based ones run one after another (dpkg has one lock); the Maven fetch and
# the Go build run beside them.
apt_chain=()
has mariadb && apt_chain+=(mariadb)
has redis && apt_chain+=(redis)
has postgresql && apt_chain+=(postgresql)
declare -A jobs=()
if has kafka; then
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    bash "$PARLEY_LOCAL_DIR/kafka.sh" install &
    jobs[kafka-install]=$!
  else
    apt_chain+=(kafka) # needs apt for java/maven: keep it off the dpkg lock of the others
  fi
fi
if has ferretdb; then
  bash "$PARLEY_LOCAL_DIR/ferretdb.sh" install &
  jobs[ferretdb-install]=$!
fi
if ((${#apt_chain[@]})); then
  (
    for s in "${apt_chain[@]}"; do
      bash "$PARLEY_LOCAL_DIR/$s.sh" install
    done
  ) &
  jobs[apt-install]=$!
fi

failed=()
for j in "${!jobs[@]}"; do
  wait "${jobs[$j]}" || failed+=("$j")
done
if ((${#failed[@]})); then
  die "install failed: ${failed[*]}"
fi

# Phase 2: starts, in parallel; each waits until its service answers. FerretDB starts once PostgreSQL answers.
jobs=()
for s in "${services[@]}"; do
  if [[ "$s" == ferretdb ]] && has postgresql; then
    continue
  elif [[ "$s" == postgresql ]] && has ferretdb; then
    (bash "$PARLEY_LOCAL_DIR/postgresql.sh" start && bash "$PARLEY_LOCAL_DIR/ferretdb.sh" start) &
    jobs[postgresql+ferretdb]=$!
  else
    bash "$PARLEY_LOCAL_DIR/$s.sh" start &
    jobs[$s]=$!
  fi
done
for j in "${!jobs[@]}"; do
  wait "${jobs[$j]}" || failed+=("$j")
done
if ((${#failed[@]})); then
  die "start failed: ${failed[*]} (logs in $PARLEY_SERVICES_DIR/log/)"
fi

log "all up in $((SECONDS - t0))s: ${services[*]}"
bash "$PARLEY_LOCAL_DIR/env.sh" >&2
