#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Redis (Debian packages) as a plain process on 127.0.0.1:${PARLEY_REDIS_PORT:-6379}, no persistence.
# Usage: redis.sh install|start|stop|restart|kill|status|logs
set -euo pipefail

SERVICE=redis
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${PARLEY_REDIS_START_TIMEOUT:-30}"

usage() {
  cat <<EOF
usage: $0 install|start|stop|restart|kill|status|logs [N]
  install  apt-get install redis-server redis-tools if missing
  start    install if needed, start redis-server on 127.0.0.1:$PARLEY_REDIS_PORT (no RDB/AOF),
           wait until 'redis-cli ping' answers PONG
  stop     stop the recorded redis-server pid (TERM, then KILL)
  kill     SIGKILL the recorded redis-server pid (a crash; the next start is empty)
  status   exit 0 running+answering, 1 not answering, 3 stopped
EOF
}

do_install() {
  if debs_installed redis-server redis-tools && command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    return 0
  fi
  apt_install redis-server redis-tools
}

ready() {
  [[ "$(redis-cli -h "$PARLEY_HOST" -p "$PARLEY_REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

do_start() {
  do_install
  ensure_state_dirs
  local pid
  if pid="$(running_pid)"; then
    running_answers "$pid" ready
    return 0
  fi

  if ! adopt_or_fail_if_port_taken "$PARLEY_REDIS_PORT" ready; then
    local dir
    dir="$(state_dir)"
    log "starting redis-server on $PARLEY_HOST:$PARLEY_REDIS_PORT"
    # No config file: Debian's /etc/redis/redis.conf enables persistence and daemonizes.
    pid="$(spawn "$(command -v redis-server)" --bind "$PARLEY_HOST" --port "$PARLEY_REDIS_PORT" \
      --daemonize no --supervised no --save "" --appendonly no --dir "$dir" \
      --logfile "" --protected-mode yes --maxclients 2000)"
  else
    pid="$(running_pid)"
  fi

  wait_or_die "redis did not start" "$START_TIMEOUT" "redis-cli ping on $PARLEY_HOST:$PARLEY_REDIS_PORT" "$pid" ready
  log "ready (pid $pid): redis://$PARLEY_HOST:$PARLEY_REDIS_PORT"
}

do_stop() { stop_service "${PARLEY_REDIS_STOP_TIMEOUT:-20}"; }

do_status() { service_status ready "$PARLEY_REDIS_PORT"; }

dispatch "$@"
