#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stop the local backing services started by up.sh (each by its recorded PID).
# Usage: down.sh [mariadb|mysql] [redis] [kafka] [ferretdb|mongo]   (default: all four)
set -euo pipefail

SERVICE=down
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=()
for arg in "${@:-kafka ferretdb redis mariadb}"; do
  for name in $arg; do
    case "$name" in
      mariadb | mysql) services+=(mariadb) ;;
      redis) services+=(redis) ;;
      kafka) services+=(kafka) ;;
      ferretdb | mongo | mongodb) services+=(ferretdb) ;;
      *) die "unknown service '$name' (expected mariadb, redis, kafka, ferretdb)" ;;
    esac
  done
done

declare -A jobs=()
for s in "${services[@]}"; do
  bash "$PARLEY_LOCAL_DIR/$s.sh" stop &
  jobs[$s]=$!
done
failed=()
for s in "${!jobs[@]}"; do
  wait "${jobs[$s]}" || failed+=("$s")
done
if ((${#failed[@]})); then
  die "stop failed: ${failed[*]}"
fi
log "stopped: ${services[*]}"
