#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# PostgreSQL (Debian packages) as a plain process on 127.0.0.1:${PARLEY_PG_PORT:-5432}: the storage
# of FerretDB (ferretdb.sh), which gives it atomic single-document updates (each command runs in a
# PostgreSQL transaction). Its own cluster, not Debian's `main` one; no systemd, no pg_ctlcluster.
# Usage: postgresql.sh install|start|stop|restart|status|logs|reset|psql
set -euo pipefail

SERVICE=postgresql
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DATADIR="${PARLEY_PG_DATADIR:-$PARLEY_SERVICES_DIR/postgresql/data}"
SOCKET_DIR="${PARLEY_PG_SOCKET_DIR:-$PARLEY_SERVICES_DIR/postgresql/socket}"
DB_USER=parley
DB_PASS=parley
DB_NAME=ferretdb
START_TIMEOUT="${PARLEY_PG_START_TIMEOUT:-60}"

usage() {
  cat <<EOF
usage: $0 install|start|stop|restart|status|logs [N]|reset|psql [args]
  install  apt-get install postgresql if missing
  start    install if needed, initdb $DATADIR if empty, start postgres on $PARLEY_HOST:$PARLEY_PG_PORT
           (as the postgres user when run as root), create role $DB_USER/$DB_PASS and database
           $DB_NAME owned by it, wait until 'select 1' works as that user over TCP
  stop     stop the recorded postmaster pid (SIGINT: fast shutdown; then TERM, KILL)
  status   exit 0 running+answering, 1 not answering, 3 stopped
  reset    (running) drop database $DB_NAME (every FerretDB database) and create it empty
  psql     psql as the superuser over the unix socket, e.g. '$0 psql -d $DB_NAME -c "\\dn"'
EOF
}

# Directory of the newest installed server's binaries (/usr/lib/postgresql/<major>/bin).
pg_bin_dir() {
  local d
  d="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$d" && -x "$d/postgres" && -x "$d/initdb" ]] || return 1
  printf '%s\n' "$d"
}

do_install() {
  if debs_installed postgresql && pg_bin_dir >/dev/null; then
    return 0
  fi
  apt_install postgresql
  pg_bin_dir >/dev/null || die "postgres not found under /usr/lib/postgresql after install"
}

# PostgreSQL refuses to run as root: as root, run its programs as the postgres user. setpriv execs
# in place (no fork), so the PID spawn records is the postmaster's own.
owner_prefix() {
  if [[ "$(id -u)" == 0 ]]; then
    printf '%s\n' setpriv --reuid=postgres --regid=postgres --init-groups --reset-env --
  fi
}

as_owner() {
  local -a prefix
  mapfile -t prefix < <(owner_prefix)
  "${prefix[@]}" "$@"
}

owner() { if [[ "$(id -u)" == 0 ]]; then printf 'postgres\n'; else id -un; fi; }

# Superuser over the unix socket (local connections are trusted; only the owner can reach the socket).
super_sql() {
  as_owner "$(pg_bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PARLEY_PG_PORT" -U postgres \
    --no-psqlrc -At "$@"
}

super_ready() { super_sql -d postgres -c 'select 1' >/dev/null 2>&1; }

# The real readiness check: FerretDB's user answers a query in its database over TCP.
ready() {
  PGPASSWORD="$DB_PASS" PGCONNECT_TIMEOUT=2 "$(pg_bin_dir)/psql" -X -At -h "$PARLEY_HOST" -p "$PARLEY_PG_PORT" \
    -U "$DB_USER" -d "$DB_NAME" -c 'select 1' >/dev/null 2>&1
}

provision() {
  super_sql -d postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$DB_USER') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')
\gexec
ALTER ROLE $DB_USER LOGIN PASSWORD '$DB_PASS';
SELECT format('CREATE DATABASE %I OWNER %I', '$DB_NAME', '$DB_USER')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\gexec
SQL
}

datadir_initialized() { [[ -f "$DATADIR/PG_VERSION" ]]; }

prepare_dirs() {
  local who
  who="$(owner)"
  mkdir -p "$DATADIR" "$SOCKET_DIR"
  chown "$who:" "$SOCKET_DIR"
  chmod 700 "$SOCKET_DIR"
  if ! datadir_initialized; then
    log "initializing cluster in $DATADIR (initdb)"
    chown "$who:" "$DATADIR"
    chmod 700 "$DATADIR"
    as_owner "$(pg_bin_dir)/initdb" -D "$DATADIR" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$(log_file)" 2>&1 || {
      show_log_tail 60
      die "initdb failed"
    }
  fi
}

do_start() {
  do_install
  ensure_state_dirs
  local pid
  if pid="$(running_pid)"; then
    running_answers "$pid" ready super_ready provision
    return 0
  fi

  if ! adopt_or_fail_if_port_taken "$PARLEY_PG_PORT" ready; then
    prepare_dirs
    log "starting postgres on $PARLEY_HOST:$PARLEY_PG_PORT (data $DATADIR)"
    # fsync off: test data need not survive a crash of the machine; a killed server loses nothing
    # (committed writes are in the OS page cache), so restart tests still see every acknowledged write.
    local -a prefix
    mapfile -t prefix < <(owner_prefix)
    pid="$(spawn "${prefix[@]}" "$(pg_bin_dir)/postgres" -D "$DATADIR" \
      -c listen_addresses="$PARLEY_HOST" -c port="$PARLEY_PG_PORT" \
      -c unix_socket_directories="$SOCKET_DIR" -c unix_socket_permissions=0700 \
      -c max_connections=300 -c shared_buffers=128MB \
      -c fsync=off -c full_page_writes=off -c synchronous_commit=on \
      -c logging_collector=off -c log_min_messages=warning)"
  else
    pid="$(running_pid)"
  fi

  wait_or_die "postgres did not start" "$START_TIMEOUT" "postgres superuser answers on $SOCKET_DIR" "$pid" super_ready
  provision
  wait_or_die "postgres does not answer as $DB_USER" \
    30 "user $DB_USER answers 'select 1' on $PARLEY_HOST:$PARLEY_PG_PORT/$DB_NAME" "$pid" ready
  log "ready (pid $pid): postgres://$DB_USER:$DB_PASS@$PARLEY_HOST:$PARLEY_PG_PORT/$DB_NAME"
}

do_stop() {
  local pid timeout="${PARLEY_PG_STOP_TIMEOUT:-30}"
  if pid="$(running_pid)"; then
    # SIGTERM is PostgreSQL's "smart" shutdown, which waits for every client (FerretDB's pool) to
    # disconnect; SIGINT is the "fast" one: it ends the sessions and checkpoints.
    log "stopping pid $pid (fast shutdown)"
    kill -INT "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + timeout))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if ! pid_alive "$pid"; then
      clear_pid
      log "stopped"
      return 0
    fi
  fi
  stop_service 10
}

do_status() { service_status ready "$PARLEY_PG_PORT"; }

do_reset() {
  super_ready || die "postgres is not running; start it first"
  log "dropping and recreating database $DB_NAME"
  super_sql -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
  provision
  log "reset done"
}

do_psql() { super_sql "$@"; }

dispatch "$@"
