#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# MariaDB (Debian packages) as a plain process, bound to 127.0.0.1:${PARLEY_MYSQL_PORT:-3306}.
# Usage: mariadb.sh install|start|stop|restart|status|logs|reset
set -euo pipefail

SERVICE=mariadb
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DATADIR="${PARLEY_MYSQL_DATADIR:-/var/lib/mysql}"
SOCKET="${PARLEY_MYSQL_SOCKET:-/run/mysqld/mysqld.sock}"
SOCKET_DIR="$(dirname "$SOCKET")"
DB_USER=parley
DB_PASS=parley
START_TIMEOUT="${PARLEY_MYSQL_START_TIMEOUT:-90}"

usage() {
  cat <<EOF
usage: $0 install|start|stop|restart|status|logs [N]|reset
  install  apt-get install mariadb-server mariadb-client if missing
  start    install if needed, start mariadbd on 127.0.0.1:$PARLEY_MYSQL_PORT, create databases
           parley + parley_test and user parley/parley (all privileges on parley%), wait until
           'select 1' works as that user
  stop     stop the recorded mariadbd pid (TERM, then KILL)
  status   exit 0 running+answering, 1 not answering, 3 stopped
  reset    drop every parley% database, then recreate parley and parley_test (server must run)
EOF
}

mariadbd_bin() {
  local b
  for b in /usr/sbin/mariadbd /usr/sbin/mysqld; do
    [[ -x "$b" ]] && {
      printf '%s\n' "$b"
      return 0
    }
  done
  return 1
}

do_install() {
  if debs_installed mariadb-server mariadb-client && mariadbd_bin >/dev/null; then
    return 0
  fi
  apt_install mariadb-server mariadb-client
  mariadbd_bin >/dev/null || die "mariadbd not found after install"
}

# Root access through the unix socket (Debian: root@localhost uses unix_socket auth).
root_sql() {
  mariadb --no-defaults --protocol=SOCKET --socket="$SOCKET" -uroot --batch --skip-column-names "$@"
}

root_ready() { root_sql -e 'select 1' >/dev/null 2>&1; }

# The real readiness check: the app's user answers a query over TCP.
ready() {
  MYSQL_PWD="$DB_PASS" mariadb --no-defaults --protocol=TCP -h "$PARLEY_HOST" -P "$PARLEY_MYSQL_PORT" \
    -u "$DB_USER" --batch --skip-column-names -e 'select 1' parley >/dev/null 2>&1
}

provision() {
  root_sql <<SQL
CREATE DATABASE IF NOT EXISTS parley CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS parley_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`parley%\`.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`parley%\`.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
}

datadir_initialized() { [[ -d "$DATADIR/mysql" ]]; }

prepare_dirs() {
  mkdir -p "$SOCKET_DIR" "$DATADIR"
  chown mysql:mysql "$SOCKET_DIR"
  if ! datadir_initialized; then
    log "initializing data directory $DATADIR (mariadb-install-db)"
    chown mysql:mysql "$DATADIR"
    local installer
    installer="$(command -v mariadb-install-db || command -v mysql_install_db)" || die "mariadb-install-db not found"
    "$installer" --user=mysql --datadir="$DATADIR" --auth-root-authentication-method=socket \
      --skip-test-db >>"$(log_file)" 2>&1 || {
      show_log_tail 60
      die "mariadb-install-db failed"
    }
  fi
}

do_start() {
  do_install
  ensure_state_dirs
  local pid
  if pid="$(running_pid)"; then
    running_answers "$pid" ready root_ready provision
    return 0
  fi

  if ! adopt_or_fail_if_port_taken "$PARLEY_MYSQL_PORT" root_ready; then
    prepare_dirs
    local bin
    bin="$(mariadbd_bin)"
    log "starting $bin on $PARLEY_HOST:$PARLEY_MYSQL_PORT (datadir $DATADIR)"
    pid="$(spawn "$bin" --user=mysql --datadir="$DATADIR" --socket="$SOCKET" \
      --bind-address="$PARLEY_HOST" --port="$PARLEY_MYSQL_PORT" \
      --pid-file="${SOCKET%.sock}.pid" --skip-log-bin \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --max-connections=500 --skip-name-resolve --innodb-flush-log-at-trx-commit=2)"
  else
    pid="$(running_pid)"
  fi

  wait_or_die "mariadb did not start" "$START_TIMEOUT" "mariadb root socket answers" "$pid" root_ready
  provision
  wait_or_die "mariadb does not answer as $DB_USER" \
    30 "user $DB_USER answers 'select 1' on $PARLEY_HOST:$PARLEY_MYSQL_PORT" "$pid" ready
  log "ready (pid $pid): mysql://$DB_USER:$DB_PASS@$PARLEY_HOST:$PARLEY_MYSQL_PORT/parley"
}

do_stop() { stop_service "${PARLEY_MYSQL_STOP_TIMEOUT:-60}"; }

do_status() { service_status ready "$PARLEY_MYSQL_PORT"; }

do_reset() {
  root_ready || die "mariadb is not running; start it first"
  local db dbs
  dbs="$(root_sql -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'parley%'")"
  for db in $dbs; do
    log "dropping database $db"
    root_sql -e "DROP DATABASE \`$db\`"
  done
  provision
  log "reset done"
}

dispatch "$@"
