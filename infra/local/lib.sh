# shellcheck shell=bash disable=SC2034 # (variables here are used by the scripts that source this file)
# Shared helpers for the infra/local/*.sh service scripts. Source it, do not run it.
#
# Layout:
#   state dir  ${PARLEY_SERVICES_DIR:-/tmp/parley-services}
#     run/<svc>.pid        PID of the server process we started (or adopted)
#     run/<svc>.pid.start  its start time (field 22 of /proc/PID/stat), guards against PID reuse
#     log/<svc>.log        stdout+stderr of the server
#     <svc>/...            data and generated config
#   cache dir  ${XDG_CACHE_HOME:-$HOME/.cache}/parley   (Kafka jars, FerretDB binary)
#
# Processes are only ever stopped by their recorded PID (TERM, then KILL after a timeout).

if [[ -n "${PARLEY_LIB_SH_LOADED:-}" ]]; then
  return 0
fi
PARLEY_LIB_SH_LOADED=1

PARLEY_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PARLEY_INFRA_DIR="$(cd "$PARLEY_LOCAL_DIR/.." && pwd)"
PARLEY_SERVICES_DIR="${PARLEY_SERVICES_DIR:-/tmp/parley-services}"
PARLEY_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/parley"
export PARLEY_SERVICES_DIR

# Ports (keep these defaults in sync with env.sh and README.md).
PARLEY_MYSQL_PORT="${PARLEY_MYSQL_PORT:-3306}"
PARLEY_REDIS_PORT="${PARLEY_REDIS_PORT:-6379}"
PARLEY_KAFKA_PORT="${PARLEY_KAFKA_PORT:-9092}"
PARLEY_KAFKA_CONTROLLER_PORT="${PARLEY_KAFKA_CONTROLLER_PORT:-9093}"
PARLEY_MONGO_PORT="${PARLEY_MONGO_PORT:-27017}"
PARLEY_PG_PORT="${PARLEY_PG_PORT:-5432}"
PARLEY_HOST=127.0.0.1

# Name of the service the sourcing script manages; used in messages and file names.
SERVICE="${SERVICE:-local}"

log() { printf '[%s] %s\n' "$SERVICE" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$SERVICE" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$SERVICE" "$*" >&2
  exit 1
}

state_dir() { printf '%s/%s\n' "$PARLEY_SERVICES_DIR" "$SERVICE"; }
pid_file() { printf '%s/run/%s.pid\n' "$PARLEY_SERVICES_DIR" "$SERVICE"; }
log_file() { printf '%s/log/%s.log\n' "$PARLEY_SERVICES_DIR" "$SERVICE"; }

ensure_state_dirs() {
  mkdir -p "$PARLEY_SERVICES_DIR/run" "$PARLEY_SERVICES_DIR/log" "$(state_dir)"
}

# Seconds since the epoch, with a fraction when available.
now_s() { date +%s; }

# Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat).
proc_start_time() {
  local pid="$1" stat
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  # The command name (field 2) may contain spaces; cut everything up to the last ')'.
  stat="${stat##*) }"
  # Now field 3 (state) is the first word; the start time is field 22, i.e. word 20.
  # shellcheck disable=SC2086
  set -- $stat
  printf '%s\n' "${20}"
}

pid_alive() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # A zombie is not alive.
  local state
  state="$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [[ "$state" != Z ]]
}

# Record PID as the server process of $SERVICE.
write_pid() {
  local pid="$1" file
  file="$(pid_file)"
  ensure_state_dirs
  printf '%s\n' "$pid" >"$file.tmp"
  mv -f "$file.tmp" "$file"
  proc_start_time "$pid" >"$file.start" 2>/dev/null || rm -f "$file.start"
}

clear_pid() {
  local file
  file="$(pid_file)"
  rm -f "$file" "$file.start"
}

# Print the recorded PID if that process is still the one we started; return 1 otherwise
# (and remove a stale pid file).
running_pid() {
  local file pid want got
  file="$(pid_file)"
  [[ -f "$file" ]] || return 1
  pid="$(head -n1 "$file" 2>/dev/null || true)"
  if ! pid_alive "$pid"; then
    clear_pid
    return 1
  fi
  if [[ -f "$file.start" ]]; then
    want="$(cat "$file.start")"
    got="$(proc_start_time "$pid" || true)"
    if [[ -n "$want" && "$want" != "$got" ]]; then
      # The PID was reused by an unrelated process: ours is gone.
      clear_pid
      return 1
    fi
  fi
  printf '%s\n' "$pid"
}

# True when something accepts TCP connections on HOST:PORT.
port_open() {
  local host="$1" port="$2"
  # shellcheck disable=SC2016 # $1/$2 expand in the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# PID of the process listening on TCP PORT (first one), if `ss` can tell.
port_owner_pid() {
  local port="$1" line
  command -v ss >/dev/null 2>&1 || return 1
  line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n1)"
  [[ "$line" =~ pid=([0-9]+) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}

describe_port_owner() {
  local port="$1" pid
  if pid="$(port_owner_pid "$port")"; then
    printf 'pid %s (%s)' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
  else
    printf 'an unknown process'
  fi
}

# Print the last lines of the service log (used when a start fails).
show_log_tail() {
  local file lines="${1:-60}"
  file="$(log_file)"
  if [[ -s "$file" ]]; then
    printf '[%s] ---- last %s lines of %s ----\n' "$SERVICE" "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf '[%s] ---- end of log ----\n' "$SERVICE" >&2
  else
    printf '[%s] (log %s is empty)\n' "$SERVICE" "$file" >&2
  fi
}

# wait_until TIMEOUT_S DESCRIPTION PID CMD...
# Run CMD every 0.5 s until it succeeds. Fails when TIMEOUT_S pass or when PID (if not empty)
# dies. CMD's output is discarded.
wait_until() {
  local timeout="$1" what="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      warn "process $pid exited while waiting for: $what"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      warn "timed out after ${timeout}s waiting for: $what"
      return 1
    fi
    sleep 0.5
  done
}

# wait_or_die MESSAGE TIMEOUT_S DESCRIPTION PID CMD...
# wait_until TIMEOUT_S DESCRIPTION PID CMD..., or show the log's last 60 lines and die with MESSAGE.
wait_or_die() {
  local message="$1"
  shift
  wait_until "$@" && return 0
  show_log_tail 60
  die "$message"
}

# running_answers PID READY [ADMIN_READY PROVISION]
# The server PID of $SERVICE runs already: returns if READY answers, dies if it does not. With ADMIN_READY
# and PROVISION, a server whose admin check answers but READY does not (an adopted server may lack the
# user) is provisioned and asked again first.
running_answers() {
  local pid="$1" ready_check="$2" admin_check="${3:-}" provision_step="${4:-}"
  if "$ready_check"; then
    log "already running (pid $pid)"
    return 0
  fi
  if [[ -n "$admin_check" ]] && "$admin_check"; then
    "$provision_step"
    if "$ready_check"; then
      log "already running (pid $pid)"
      return 0
    fi
  fi
  die "pid $pid is running but does not answer; see $(log_file) or run '$0 restart'"
}

# Start CMD... in the background, detached from this shell (own session, stdin from /dev/null,
# stdout+stderr appended to the service log), and record its PID. Prints the PID.
spawn() {
  local logf pid
  ensure_state_dirs
  logf="$(log_file)"
  printf '\n==== %s: starting %s ====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$logf"
  # In a non-interactive shell a background job is not a process-group leader, so setsid
  # execs CMD in place (no extra fork): $! is the server's own PID.
  # The lock fd (see acquire_lock) is closed so the server does not hold the lock.
  if [[ -n "${PARLEY_LOCK_FD:-}" ]]; then
    setsid "$@" </dev/null >>"$logf" 2>&1 {PARLEY_LOCK_FD}>&- &
  else
    setsid "$@" </dev/null >>"$logf" 2>&1 &
  fi
  pid=$!
  write_pid "$pid"
  printf '%s\n' "$pid"
}

# stop_pid PID TIMEOUT_S: SIGTERM, wait up to TIMEOUT_S, then SIGKILL and wait a bit more.
stop_pid() {
  local pid="$1" timeout="${2:-30}" deadline
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "pid $pid did not exit ${timeout}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local _
      for _ in $(seq 1 50); do
        pid_alive "$pid" || return 0
        sleep 0.1
      done
      warn "pid $pid is still alive after SIGKILL"
      return 1
    fi
    sleep 0.2
  done
  return 0
}

# Stop the recorded process of $SERVICE. stop_service TIMEOUT_S
stop_service() {
  local timeout="${1:-30}" pid
  if pid="$(running_pid)"; then
    log "stopping pid $pid"
    if stop_pid "$pid" "$timeout"; then
      clear_pid
      log "stopped"
    else
      die "could not stop pid $pid"
    fi
  else
    clear_pid
    log "not running (no live recorded pid)"
  fi
}

# SIGKILL the recorded process of $SERVICE (a crash, for the failover tests: no shutdown, no flush), and wait until
# it is gone.
kill_service() {
  local pid _
  if pid="$(running_pid)"; then
    log "killing pid $pid (SIGKILL)"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      pid_alive "$pid" || break
      sleep 0.1
    done
    pid_alive "$pid" && die "pid $pid is still alive after SIGKILL"
    clear_pid
    log "killed"
  else
    clear_pid
    log "not running (no live recorded pid)"
  fi
}

# Run apt-get install for the given packages (noninteractive, no service auto-start).
# `apt-get update` runs first, at most once an hour across all scripts.
apt_install() {
  [[ "$(id -u)" == 0 ]] || die "installing $* needs root (apt-get); run as root or install them by hand"
  ensure_state_dirs
  # One apt_install at a time across all scripts (the policy-rc.d guard below is shared).
  local apt_lock_fd
  exec {apt_lock_fd}>"$PARLEY_SERVICES_DIR/run/apt.lock"
  flock -w 900 "$apt_lock_fd" || die "timed out waiting for another apt install"
  local stamp="$PARLEY_SERVICES_DIR/run/apt-updated"
  local -a opts=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
  if [[ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >&2
    touch "$stamp"
  fi
  # Keep the packages' init scripts from starting their own servers during the install:
  # we start the servers ourselves, with our own options, and hold their PIDs.
  local made_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, created by parley infra/local/lib.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  log "apt-get install $*"
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@" >&2 || rc=$?
  if [[ -n "$made_policy" ]]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  exec {apt_lock_fd}>&-
  ((rc == 0)) || die "apt-get install $* failed (exit $rc)"
}

# True when every named Debian package is installed.
debs_installed() {
  local p st
  for p in "$@"; do
    st="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [[ "$st" == "install ok installed" ]] || return 1
  done
}

# sha256 of the given files' contents (plus any extra strings given after --).
hash_of() {
  local -a files=()
  while (($#)) && [[ "$1" != -- ]]; do
    files+=("$1")
    shift
  done
  [[ "${1:-}" == -- ]] && shift
  { cat "${files[@]}"; printf '%s\n' "$@"; } | sha256sum | cut -d' ' -f1
}

# Generic status for `status` subcommands: ready_fn is a function that checks the service answers.
# Exit codes: 0 running and answering, 1 running but not answering, 3 not running.
service_status() {
  local ready_fn="$1" port="$2" pid
  if pid="$(running_pid)"; then
    if "$ready_fn" >/dev/null 2>&1; then
      log "running (pid $pid), answering on $PARLEY_HOST:$port"
      return 0
    fi
    log "running (pid $pid) but NOT answering on $PARLEY_HOST:$port"
    return 1
  fi
  if port_open "$PARLEY_HOST" "$port"; then
    log "not started by these scripts, but port $port is in use by $(describe_port_owner "$port")"
    return 1
  fi
  log "stopped"
  return 3
}

# If no recorded process runs but something already listens on PORT and answers READY_FN,
# adopt it (record the listener's PID) so `stop` works. Returns 0 when adopted.
# Fails (dies) when the port is taken by something that does not answer.
adopt_or_fail_if_port_taken() {
  local port="$1" ready_fn="$2" pid
  port_open "$PARLEY_HOST" "$port" || return 1
  if "$ready_fn" >/dev/null 2>&1 && pid="$(port_owner_pid "$port")"; then
    write_pid "$pid"
    warn "port $port already served by $(describe_port_owner "$port"), not started by these scripts; adopted pid $pid"
    return 0
  fi
  die "port $PARLEY_HOST:$port is already in use by $(describe_port_owner "$port") and it does not answer as $SERVICE; free the port or set the port variable"
}

# Serialize install/start/stop of one service across concurrent callers (several engineers or
# test runs may call `start` at once). Waits up to PARLEY_LOCK_TIMEOUT seconds (default 900).
PARLEY_LOCK_FD=""
acquire_lock() {
  command -v flock >/dev/null || return 0
  ensure_state_dirs
  exec {PARLEY_LOCK_FD}>"$PARLEY_SERVICES_DIR/run/$SERVICE.lock"
  if ! flock -n "$PARLEY_LOCK_FD"; then
    log "another $SERVICE install/start/stop is in progress; waiting for it"
    flock -w "${PARLEY_LOCK_TIMEOUT:-900}" "$PARLEY_LOCK_FD" || die "timed out waiting for the $SERVICE lock"
  fi
}

# Run CMD... without this script's lock fd, for a script that may start a server of its own (the server
# would inherit the fd and hold this service's lock for its whole life).
run_unlocked() {
  if [[ -n "${PARLEY_LOCK_FD:-}" ]]; then
    "$@" {PARLEY_LOCK_FD}>&-
  else
    "$@"
  fi
}

# Dispatch the usual subcommands to functions named do_install, do_start, do_stop, do_status
# (and do_<other> for extra ones); `kill` (SIGKILL by the recorded PID) is the same for every service.
dispatch() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    install | start | stop | restart | reset | kill) acquire_lock ;;
  esac
  case "$cmd" in
    install) do_install "$@" ;;
    start) do_start "$@" ;;
    stop) do_stop "$@" ;;
    restart)
      do_stop "$@"
      do_start "$@"
      ;;
    status) do_status "$@" ;;
    kill) kill_service ;;
    logs) tail -n "${1:-100}" "$(log_file)" ;;
    "" | -h | --help | help) usage ;;
    *)
      if declare -F "do_${cmd//-/_}" >/dev/null; then
        "do_${cmd//-/_}" "$@"
      else
        usage >&2
        exit 2
      fi
      ;;
  esac
}
