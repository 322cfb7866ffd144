#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Apache Kafka 3.9.2, single node KRaft (broker+controller), from Maven Central jars, as a plain
# JVM process on 127.0.0.1:${PARLEY_KAFKA_PORT:-9092} (controller on ${PARLEY_KAFKA_CONTROLLER_PORT:-9093}).
# Usage: kafka.sh install|start|stop|restart|status|logs|reset|topics ARGS|configs ARGS|classpath
set -euo pipefail

SERVICE=kafka
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POM="$PARLEY_INFRA_DIR/kafka/pom.xml"
LOG4J="$PARLEY_INFRA_DIR/kafka/log4j.properties"
TOOLS_LOG4J="$PARLEY_INFRA_DIR/kafka/tools-log4j.properties"
TEMPLATE="$PARLEY_INFRA_DIR/kafka/server.properties.in"
LIB_DIR="$PARLEY_CACHE_DIR/kafka/lib"
LIB_STAMP="$LIB_DIR/.parley-complete"
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.10.0:copy-dependencies

START_TIMEOUT="${PARLEY_KAFKA_START_TIMEOUT:-120}"
RETENTION_CHECK_MS="${PARLEY_KAFKA_RETENTION_CHECK_MS:-300000}"
SEGMENT_DELETE_DELAY_MS="${PARLEY_KAFKA_SEGMENT_DELETE_DELAY_MS:-60000}"
HEAP_OPTS="${PARLEY_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
# Client JVMs (readiness check, CLI wrappers) start faster with C1 only and a small heap.
CLIENT_JVM_OPTS=(-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true)

usage() {
  cat <<EOF
usage: $0 install|start|stop|restart|status|logs [N]|reset|topics ARGS|configs ARGS|classpath
  install    fetch the Kafka jars from Maven Central into $LIB_DIR (mvn, once)
  start      install if needed, format storage once, start the broker on $PARLEY_HOST:$PARLEY_KAFKA_PORT,
             wait until a metadata (list topics) request answers
  stop       stop the recorded broker pid (TERM, then KILL)
  status     exit 0 running+answering, 1 not answering, 3 stopped
  reset      stop, delete the broker's data (all topics); start again with 'start'
  topics     run org.apache.kafka.tools.TopicCommand --bootstrap-server $PARLEY_HOST:$PARLEY_KAFKA_PORT ARGS
  configs    run kafka.admin.ConfigCommand --bootstrap-server $PARLEY_HOST:$PARLEY_KAFKA_PORT ARGS
  classpath  print the class path of the Kafka jars
env: PARLEY_KAFKA_RETENTION_CHECK_MS (log.retention.check.interval.ms, default 300000; applied at start),
     PARLEY_KAFKA_SEGMENT_DELETE_DELAY_MS (default 60000), PARLEY_KAFKA_HEAP_OPTS (default -Xms256m -Xmx512m)
EOF
}

need_java() {
  if ! command -v java >/dev/null; then
    apt_install openjdk-17-jre-headless
  fi
}

pom_hash() { hash_of "$POM"; }

lib_ok() {
  [[ -f "$LIB_STAMP" && "$(cat "$LIB_STAMP")" == "$(pom_hash)" ]] &&
    compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null
}

do_install() {
  need_java
  lib_ok && return 0
  if ! command -v mvn >/dev/null; then
    apt_install maven
  fi
  mkdir -p "$PARLEY_CACHE_DIR/kafka"
  local tmp
  tmp="$(mktemp -d "$PARLEY_CACHE_DIR/kafka/lib.tmp.XXXXXX")"
  log "fetching Kafka jars with Maven into $LIB_DIR"
  # (Maven 3.8 prints bare ANSI resets even in batch/quiet mode: strip them.)
  if ! mvn -B -q -Dstyle.color=never -f "$POM" -DoutputDirectory="$tmp" "$DEP_PLUGIN" 2>&1 |
    sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2; then
    rm -rf "$tmp"
    die "mvn copy-dependencies failed"
  fi
  pom_hash >"$tmp/.parley-complete"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  log "$(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $LIB_DIR"
}

classpath() { printf '%s/*\n' "$LIB_DIR"; }

data_dir() { printf '%s/data\n' "$(state_dir)"; }
config_file() { printf '%s/server.properties\n' "$(state_dir)"; }
admin_config() { printf '%s/admin.properties\n' "$(state_dir)"; }

# render_config [FILE]: write the broker configuration (default: the one the broker reads).
render_config() {
  local out="${1:-$(config_file)}"
  mkdir -p "$(state_dir)" "$(data_dir)"
  [[ "$RETENTION_CHECK_MS" =~ ^[0-9]+$ ]] || die "PARLEY_KAFKA_RETENTION_CHECK_MS must be a number of ms"
  [[ "$SEGMENT_DELETE_DELAY_MS" =~ ^[0-9]+$ ]] || die "PARLEY_KAFKA_SEGMENT_DELETE_DELAY_MS must be a number of ms"
  sed -e "s|@HOST@|$PARLEY_HOST|g" \
    -e "s|@PORT@|$PARLEY_KAFKA_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$PARLEY_KAFKA_CONTROLLER_PORT|g" \
    -e "s|@LOG_DIR@|$(data_dir)|g" \
    -e "s|@RETENTION_CHECK_MS@|$RETENTION_CHECK_MS|g" \
    -e "s|@SEGMENT_DELETE_DELAY_MS@|$SEGMENT_DELETE_DELAY_MS|g" \
    "$TEMPLATE" >"$out.tmp"
  mv -f "$out.tmp" "$out"
  write_admin_config
}

# Client settings of the readiness check: fail fast instead of retrying for a minute.
write_admin_config() {
  mkdir -p "$(state_dir)"
  printf '%s\n' request.timeout.ms=5000 default.api.timeout.ms=10000 retries=1 >"$(admin_config)"
}

# True when the running broker was started with a configuration other than the one this call
# would render now (e.g. PARLEY_KAFKA_RETENTION_CHECK_MS changed).
config_changed() {
  local want rc=0
  want="$(state_dir)/server.properties.want"
  render_config "$want"
  cmp -s "$want" "$(config_file)" || rc=$?
  rm -f "$want"
  ((rc != 0))
}

# Only an explicit setting restarts a running broker; a caller that relies on the defaults
# (e.g. a plain up.sh) keeps whatever configuration the broker already runs with.
explicit_config_env() {
  [[ -n "${PARLEY_KAFKA_RETENTION_CHECK_MS:-}" || -n "${PARLEY_KAFKA_SEGMENT_DELETE_DELAY_MS:-}" ]]
}

format_storage_once() {
  local data
  data="$(data_dir)"
  if [[ -f "$data/meta.properties" ]]; then
    return 0
  fi
  local id
  id="$(java "${CLIENT_JVM_OPTS[@]}" -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$(classpath)" \
    kafka.tools.StorageTool random-uuid 2>>"$(log_file)")" ||
    die "StorageTool random-uuid failed"
  log "formatting storage in $data (cluster id $id)"
  printf '%s\n' "$id" >"$(state_dir)/cluster.id"
  java "${CLIENT_JVM_OPTS[@]}" -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$(classpath)" \
    kafka.tools.StorageTool format -t "$id" -c "$(config_file)" >>"$(log_file)" 2>&1 || {
    show_log_tail 60
    die "StorageTool format failed"
  }
}

# Run a Kafka CLI class against the local broker.
kafka_cli() {
  local cls="$1"
  shift
  java "${CLIENT_JVM_OPTS[@]}" -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$(classpath)" "$cls" "$@"
}

# Readiness: the broker answers a metadata request (list topics).
ready() {
  port_open "$PARLEY_HOST" "$PARLEY_KAFKA_PORT" || return 1
  [[ -f "$(admin_config)" ]] || write_admin_config
  timeout 30 java "${CLIENT_JVM_OPTS[@]}" -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$(classpath)" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$PARLEY_HOST:$PARLEY_KAFKA_PORT" \
    --command-config "$(admin_config)" --list >/dev/null 2>&1
}

do_start() {
  do_install
  ensure_state_dirs
  local pid
  if pid="$(running_pid)" && config_changed; then
    if explicit_config_env; then
      log "configuration changed (log.retention.check.interval.ms=$RETENTION_CHECK_MS, log.segment.delete.delay.ms=$SEGMENT_DELETE_DELAY_MS); restarting"
      do_stop
    else
      log "note: the running broker uses $(grep -E '^log[.](retention[.]check[.]interval|segment[.]delete[.]delay)[.]ms=' "$(config_file)" | tr '\n' ' ')(set PARLEY_KAFKA_RETENTION_CHECK_MS to change it)"
    fi
  fi
  if pid="$(running_pid)"; then
    if ready; then
      log "already running (pid $pid)"
      return 0
    fi
    # Alive but not listening yet (maybe still starting): wait for it below.
    log "pid $pid is alive but not answering yet; waiting"
  elif ! adopt_or_fail_if_port_taken "$PARLEY_KAFKA_PORT" ready; then
    if port_open "$PARLEY_HOST" "$PARLEY_KAFKA_CONTROLLER_PORT"; then
      die "controller port $PARLEY_KAFKA_CONTROLLER_PORT is in use by $(describe_port_owner "$PARLEY_KAFKA_CONTROLLER_PORT")"
    fi
    render_config
    format_storage_once
    log "starting Kafka broker on $PARLEY_HOST:$PARLEY_KAFKA_PORT (log.retention.check.interval.ms=$RETENTION_CHECK_MS)"
    # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM options
    pid="$(spawn java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$LOG4J" -Dkafka.logs.dir="$(state_dir)" \
      -cp "$(classpath)" kafka.Kafka "$(config_file)")"
  else
    pid="$(running_pid)"
  fi

  if ! wait_until "$START_TIMEOUT" "Kafka answers a metadata request on $PARLEY_HOST:$PARLEY_KAFKA_PORT" "$pid" ready; then
    show_log_tail 80
    die "kafka did not start"
  fi
  log "ready (pid $pid): brokers $PARLEY_HOST:$PARLEY_KAFKA_PORT"
}

do_stop() { stop_service "${PARLEY_KAFKA_STOP_TIMEOUT:-60}"; }

do_status() { service_status ready "$PARLEY_KAFKA_PORT"; }

do_reset() {
  do_stop
  log "deleting $(data_dir)"
  rm -rf "$(data_dir)" "$(state_dir)/cluster.id"
}

do_topics() {
  lib_ok || die "Kafka jars are not installed; run '$0 install'"
  kafka_cli org.apache.kafka.tools.TopicCommand --bootstrap-server "$PARLEY_HOST:$PARLEY_KAFKA_PORT" "$@"
}

do_configs() {
  lib_ok || die "Kafka jars are not installed; run '$0 install'"
  kafka_cli kafka.admin.ConfigCommand --bootstrap-server "$PARLEY_HOST:$PARLEY_KAFKA_PORT" "$@"
}

do_classpath() { classpath; }

dispatch "$@"
