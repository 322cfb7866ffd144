#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# FerretDB v1.24.2 (MongoDB wire protocol) embedded in our own Go program (infra/ferretdb), as a plain process
# on 127.0.0.1:${PARLEY_MONGO_PORT:-27017}, storing in PostgreSQL (postgresql.sh, started first) or, with
# PARLEY_FERRETDB_HANDLER=sqlite, in SQLite files. The program lets one write per database into FerretDB at a
# time, which makes single-document updates atomic as on MongoDB (infra/ferretdb/write_serializer.go).
# Usage: ferretdb.sh install|start|stop|restart|status|logs|reset|ping|bin
set -euo pipefail

SERVICE=ferretdb
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SRC_DIR="$PARLEY_INFRA_DIR/ferretdb"
BIN_DIR="$PARLEY_CACHE_DIR/ferretdb/bin"
BIN="$BIN_DIR/parley-ferretdb"
BIN_KEY="$BIN.key"
# Both backends are built in (PostgreSQL is the default, SQLite on request).
BUILD_TAGS=""
START_TIMEOUT="${PARLEY_MONGO_START_TIMEOUT:-60}"
HANDLER="${PARLEY_FERRETDB_HANDLER:-postgresql}"
PG_URL="${PARLEY_FERRETDB_POSTGRESQL_URL:-postgres://parley:parley@$PARLEY_HOST:$PARLEY_PG_PORT/ferretdb}"

usage() {
  cat <<EOF
usage: $0 install|start|stop|restart|status|logs [N]|reset|ping|bin
  install  build infra/ferretdb into $BIN (only when its sources or Go changed)
  start    install if needed, start PostgreSQL (postgresql.sh start), start FerretDB on
           $PARLEY_HOST:$PARLEY_MONGO_PORT storing in it, wait until a mongo {ping: 1} answers ok
           (PARLEY_FERRETDB_HANDLER=sqlite: SQLite files in $PARLEY_SERVICES_DIR/ferretdb/data instead)
  stop     stop the recorded pid (TERM, then KILL); PostgreSQL keeps running
  status   exit 0 running+answering, 1 not answering, 3 stopped
  reset    stop, delete every database (PostgreSQL database ferretdb, SQLite files); start again with 'start'
  ping     send {ping: 1} to $PARLEY_HOST:$PARLEY_MONGO_PORT
  bin      print the path of the built binary
EOF
}

go_bin() {
  if command -v go >/dev/null; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    printf '/usr/local/go/bin/go\n'
  else
    return 1
  fi
}

build_key() {
  local go
  go="$(go_bin)"
  hash_of "$SRC_DIR"/*.go "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" -- "$("$go" version)" "$BUILD_TAGS"
}

do_install() {
  local go key
  go="$(go_bin)" || die "Go is not installed (needed to build $SRC_DIR; go.mod needs Go >= 1.24)"
  key="$(build_key)"
  if [[ -x "$BIN" && -f "$BIN_KEY" && "$(cat "$BIN_KEY")" == "$key" ]]; then
    return 0
  fi
  mkdir -p "$BIN_DIR"
  log "building $SRC_DIR into $BIN (first build downloads modules: about a minute)"
  local tmp="$BIN.tmp.$$"
  if ! (cd "$SRC_DIR" && CGO_ENABLED=0 GOWORK=off GOFLAGS=-mod=readonly \
    "$go" build -trimpath -tags "$BUILD_TAGS" -o "$tmp" .) >&2; then
    rm -f "$tmp"
    die "go build failed"
  fi
  mv -f "$tmp" "$BIN"
  printf '%s\n' "$key" >"$BIN_KEY"
}

data_dir() { printf '%s/data\n' "$(state_dir)"; }

ready() { "$BIN" ping -q -timeout 2s -addr "$PARLEY_HOST:$PARLEY_MONGO_PORT"; }

# Runs only while FerretDB is stopped: with PARLEY_FERRETDB_SWEEP=1 (up.sh sets it), drops the schemas (one per
# Mongo database) of the databases tests and benchmarks made. Tests empty theirs by dropping collections (see
# packages/testing/src/drop-mongo-database.ts), which leaves empty schemas behind.
sweep_postgresql() {
  [ "${PARLEY_FERRETDB_SWEEP:-0}" = 1 ] || return 0
  local pg_bin
  pg_bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n1)"
  PGOPTIONS='-c client_min_messages=warning' "$pg_bin/psql" -X -q -At -v ON_ERROR_STOP=1 "$PG_URL" >/dev/null <<'SQL' || warn "could not drop the test schemas"
SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace
  WHERE nspname LIKE 'parley\_test\_%' OR nspname LIKE 'parley\_bench\_%'
\gexec
SQL
}

# Runs only while FerretDB is stopped. A file without FerretDB's metadata table (left half-created by a crash) would
# stop FerretDB from starting at all, so it is moved aside. With PARLEY_FERRETDB_SWEEP=1 (up.sh sets it: a new run
# of the test services), the databases tests and benchmarks made (parley_test_*, parley_bench_*) are removed too:
# they are throwaway, and FerretDB opens every file of its directory at start. A plain `start` (as in the restart
# tests) keeps them.
sweep_data_dir() {
  local dir file
  dir="$(data_dir)"
  if [ "${PARLEY_FERRETDB_SWEEP:-0}" = 1 ]; then
    rm -f "$dir"/parley_test_*.sqlite* "$dir"/parley_bench_*.sqlite*
  fi
  for file in "$dir"/*.sqlite; do
    [ -e "$file" ] || continue
    if ! python3 - "$file" <<'PY' 2>/dev/null; then
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
names = {row[0] for row in con.execute("select name from sqlite_master where type = 'table'")}
sys.exit(0 if "_ferretdb_collections" in names else 1)
PY
      log "moving aside $file: it has no FerretDB metadata (left by a crash)"
      mv -f "$file" "$file.broken.$(date +%s)"
    fi
  done
}

do_start() {
  do_install
  ensure_state_dirs
  local pid
  if pid="$(running_pid)"; then
    if ready >/dev/null 2>&1; then
      log "already running (pid $pid)"
      return 0
    fi
    log "pid $pid is alive but not answering yet; waiting"
  elif ! adopt_or_fail_if_port_taken "$PARLEY_MONGO_PORT" ready; then
    local -a backend
    case "$HANDLER" in
      postgresql)
        run_unlocked bash "$PARLEY_LOCAL_DIR/postgresql.sh" start
        sweep_postgresql
        backend=(-handler postgresql)
        log "starting FerretDB on $PARLEY_HOST:$PARLEY_MONGO_PORT (PostgreSQL ${PG_URL##*@})"
        ;;
      sqlite)
        mkdir -p "$(data_dir)"
        sweep_data_dir
        backend=(-handler sqlite -sqlite-dir "$(data_dir)")
        log "starting FerretDB on $PARLEY_HOST:$PARLEY_MONGO_PORT (SQLite in $(data_dir))"
        ;;
      *) die "PARLEY_FERRETDB_HANDLER must be postgresql or sqlite (got '$HANDLER')" ;;
    esac
    # The URL (with its password) goes through the environment, not the command line.
    pid="$(PARLEY_FERRETDB_POSTGRESQL_URL="$PG_URL" spawn "$BIN" -listen "$PARLEY_HOST:$PARLEY_MONGO_PORT" \
      "${backend[@]}" -log-level "${PARLEY_FERRETDB_LOG_LEVEL:-warn}")"
  else
    pid="$(running_pid)"
  fi

  wait_or_die "ferretdb did not start" "$START_TIMEOUT" "mongo ping on $PARLEY_HOST:$PARLEY_MONGO_PORT" "$pid" ready
  log "ready (pid $pid): mongodb://$PARLEY_HOST:$PARLEY_MONGO_PORT/parley"
}

do_stop() { stop_service "${PARLEY_MONGO_STOP_TIMEOUT:-20}"; }

do_status() {
  [[ -x "$BIN" ]] || {
    log "not installed"
    return 3
  }
  service_status ready "$PARLEY_MONGO_PORT"
}

do_reset() {
  do_stop
  log "deleting $(data_dir)"
  rm -rf "$(data_dir)"
  if bash "$PARLEY_LOCAL_DIR/postgresql.sh" status >/dev/null 2>&1; then
    run_unlocked bash "$PARLEY_LOCAL_DIR/postgresql.sh" reset
  fi
}

do_ping() {
  [[ -x "$BIN" ]] || die "not installed; run '$0 install'"
  ready
}

do_bin() { printf '%s\n' "$BIN"; }

dispatch "$@"
