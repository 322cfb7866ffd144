#!/usr/bin/env bash
# Start-up time (spawn → first 200 from the admin /healthz) and RSS of a Parley process, embedded default,
# fresh data dir each run. Prints one line per run and the medians.
# Usage: scripts/measure-startup.sh RUNS NODE_ARGS...
#   scripts/measure-startup.sh 7 apps/server/src/main.ts                  # Node's type stripping
#   scripts/measure-startup.sh 7 --import tsx apps/server/src/main.ts     # tsx loader (before)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="$1"
shift
port_admin="${MEASURE_ADMIN_PORT:-18380}"
port_gw="${MEASURE_GATEWAY_PORT:-18390}"
ms=()
rss_ready=()
rss_settled=()
cpu=()
for _ in $(seq 1 "$runs"); do
  dir="$(mktemp -d)"
  t0=$(date +%s%N)
  PARLEY_DATA_DIR="$dir" PARLEY_ADMIN_PORT="$port_admin" PARLEY_GATEWAY_PORT="$port_gw" PARLEY_LOG_LEVEL=warn \
    node "$@" >"$dir/out.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port_admin/healthz"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$dir/out.log" >&2
      echo "parley exited before answering /healthz" >&2
      exit 1
    fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  r1=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
  # CPU time (user + system) spent up to ready: less sensitive than wall time to a busy machine.
  stat="$(cat "/proc/$pid/stat")"
  read -r -a f <<<"${stat##*) }"
  c1=$(((f[11] + f[12]) * 1000 / $(getconf CLK_TCK)))
  sleep 3
  r2=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$dir"
  ms+=($(((t1 - t0) / 1000000)))
  rss_ready+=("$r1")
  rss_settled+=("$r2")
  cpu+=("$c1")
  echo "run: ${ms[-1]} ms to /healthz (${c1} ms CPU), RSS ${r1} MiB at ready, ${r2} MiB 3 s later"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "node $(node --version) $*: median $(median "${ms[@]}") ms to /healthz, $(median "${cpu[@]}") ms CPU, RSS $(median "${rss_ready[@]}") MiB at ready, $(median "${rss_settled[@]}") MiB settled ($runs runs)"
