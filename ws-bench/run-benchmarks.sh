#!/usr/bin/env bash
# Runs the benchmark matrix of docs/benchmarks.md. Each server runs pinned to CPU 0 and the load tool
# to CPU 1; every recorded run gets a fresh server and, for burst, paced and rooms, $WARMUPS
# unrecorded warm-up runs first (default 1; for burst and rooms in the measuring tool's process,
# `load --warmup-runs`); $RUNS recorded runs per scenario. wsm-netty and wsm-jws
# run on the default SQLite store (a fresh file per server in $OUT); wsm-memory is Netty on the
# in-memory store. The wsm servers start through bin/wsm, as an operator's would, so they get the
# launcher's JVM options for one CPU unless WSM_JAVA_OPTS is set (WSM_JAVA_OPTS= runs the JVM's
# defaults). JSON results go to $OUT; ws-bench/summarize.py turns them into tables and charts.
# Everything runs on loopback and every run is bounded (--max-seconds).
#
#   ws-bench/run-benchmarks.sh                      # the whole matrix, 3 runs each
#   SERVERS="wsm-netty" SCENARIOS="burst" RUNS=1 ws-bench/run-benchmarks.sh
#   WSM_JAVA_OPTS= SERVERS="wsm-memory" SCENARIOS="paced" ws-bench/run-benchmarks.sh   # the JVM's defaults
#   WARMUPS=3 SCENARIOS="rooms" ws-bench/run-benchmarks.sh   # measure once the JIT has settled
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
WARMUPS=${WARMUPS:-1}
OUT=${OUT:-ws-bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
SERVERS=${SERVERS:-"baseline wsm-netty wsm-jws"}
SCENARIOS=${SCENARIOS:-"burst paced rooms connect idle capacity"}
BENCH=ws-bench/target/wsm-bench.jar
WSM=ws-cli/target/wsm.jar
LAUNCHER=bin/wsm

if [ ! -f "$BENCH" ] || [ ! -f "$WSM" ]; then
  mvn -B -q -DskipTests package
fi
mkdir -p "$OUT"
echo "WSM_JAVA_OPTS=${WSM_JAVA_OPTS-(unset, so bin/wsm chose)} WARMUPS=$WARMUPS" > "$OUT/settings.txt"
if [ "$(nproc)" -lt 2 ]; then
  echo "run-benchmarks: needs 2 CPUs (server on CPU 0, load tool on CPU 1)" >&2
  exit 2
fi

port=18900
server_pid=""
# The load tool floods from one address: abuse limits off (see docs/security.md).
NO_LIMITS="--rate-limit off --user-rate-limit off --max-connections-per-ip 0"

start_server() { # name
  port=$((port + 1))
  # A server of an earlier run may still be exiting: take the next free port.
  while ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; do port=$((port + 1)); done
  local log="$OUT/server-$1-$port.log"
  case "$1" in
    baseline)  taskset -c 0 java -jar "$BENCH" baseline --port "$port" > "$log" 2>&1 & ;;
    wsm-netty) taskset -c 0 "$LAUNCHER" serve --port "$port" --transport netty \
                 --db "$OUT/$1-$port.db" --max-connections-per-user 0 $NO_LIMITS > "$log" 2>&1 & ;;
    wsm-jws)   taskset -c 0 "$LAUNCHER" serve --port "$port" --transport java-websocket \
                 --db "$OUT/$1-$port.db" --max-connections-per-user 0 $NO_LIMITS > "$log" 2>&1 & ;;
    wsm-memory) taskset -c 0 "$LAUNCHER" serve --port "$port" --transport netty \
                 --store memory --max-connections-per-user 0 $NO_LIMITS > "$log" 2>&1 & ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
  esac
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q "serving" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server $1 did not start; see $log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}

load() { # name scenario run args...
  local name=$1 scenario=$2 run=$3
  shift 3
  local json="$OUT/$name-$scenario-$run.json"
  [ "$run" = "warmup" ] && json=/dev/null
  echo "== $name $scenario $run" >&2
  taskset -c 1 java -jar "$BENCH" load --url "ws://127.0.0.1:$port/ws" --server-pid "$server_pid" \
    --label "$name" --no-progress --max-seconds 180 --json "$json" "$@" > "$OUT/$name-$scenario-$run.txt" \
    || echo "   (exit $? — see $OUT/$name-$scenario-$run.txt)" >&2
}

args_for() { # scenario
  case "$1" in
    burst)    echo "-n 1000 -r 1 -p 1 -m 1000 --payload 100" ;;
    paced)    echo "-n 1000 -r 1 -p 1 -m 1500 --rate 100 --payload 100" ;;
    rooms)    echo "-n 1000 -r 100 -p 100 -m 100000 --payload 100" ;;
    connect)  echo "--scenario connect -n 10000 -p 0 -c 500" ;;
    idle)     echo "--scenario idle -n 10000 -p 0 -c 500" ;;
    capacity) echo "-n 19900 -r 1 -p 1 -m 10 -c 500 --payload 100" ;;
  esac
}

for name in $SERVERS; do
  for scenario in $SCENARIOS; do
    for run in $(seq 1 "$RUNS"); do
      start_server "$name"
      # Unrecorded warm-up runs compile the measured run's paths: the scenario itself for burst
      # and rooms (100 rooms take 100 times as many publishes), in the measuring tool's own
      # process so that its JIT is warm too (a cold tool spends much of its core compiling, and
      # in rooms it then cost as much CPU per delivery as the server); a burst before paced.
      warm=()
      case "$scenario" in
        burst|rooms) warm=(--warmup-runs "$WARMUPS") ;;
        paced) for _ in $(seq 1 "$WARMUPS"); do
                 load "$name" "$scenario" warmup $(args_for burst)
               done ;;
      esac
      # shellcheck disable=SC2046
      load "$name" "$scenario" "$run" $(args_for "$scenario") "${warm[@]}"
      stop_server
      sleep 2 # let TIME-WAIT sockets and the CPU settle
    done
  done
done
echo "results in $OUT" >&2
python3 ws-bench/summarize.py "$OUT"
