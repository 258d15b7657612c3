#!/usr/bin/env bash
# The reconnect storm of docs/benchmarks.md ("Reconnect storm"): for each store, $RUNS runs of
# `wsm-bench storm` with a fresh server each time (a child JVM pinned to CPU 0, the tool on CPU 1),
# then the median of each figure. Every run is bounded (--max-seconds). Results (JSON) go to $OUT.
#
#   ws-bench/run-storm-benchmark.sh                          # 10,000 clients, memory and SQLite, 3 runs each
#   CLIENTS=1000 RUNS=1 STORES=memory ws-bench/run-storm-benchmark.sh   # a quick check
#   EXTRA="--jitter-ms 2000" ws-bench/run-storm-benchmark.sh             # reconnects spread over 2 s
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
CLIENTS=${CLIENTS:-10000}
STORES=${STORES:-"memory sqlite"}
EXTRA=${EXTRA:-}
OUT=${OUT:-ws-bench/results/storm-$(date -u +%Y%m%dT%H%M%SZ)}
BENCH=ws-bench/target/wsm-bench.jar

if [ ! -f "$BENCH" ]; then
  echo "run-storm-benchmark: build it first: mvn -B -DskipTests package (or -pl ws-bench -am package)" >&2
  exit 2
fi
if [ "$(nproc)" -lt 2 ]; then
  echo "run-storm-benchmark: needs 2 CPUs (server on CPU 0, tool on CPU 1)" >&2
  exit 2
fi
mkdir -p "$OUT"
status=0
for store in $STORES; do
  for run in $(seq 1 "$RUNS"); do
    echo "== $store, run $run: $CLIENTS clients" >&2
    # shellcheck disable=SC2086
    taskset -c 1 java -jar "$BENCH" storm --pin --store "$store" -n "$CLIENTS" --max-seconds 180 \
      --json "$OUT/$store-$run.json" $EXTRA > "$OUT/$store-$run.txt" 2> "$OUT/$store-$run.log" || status=3
    grep -E "recovered true|lost|all recovered|per client|live p50 / p99 / max" "$OUT/$store-$run.txt" >&2 || true
  done
done
python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    store = os.path.basename(path).rsplit("-", 1)[0]
    with open(path) as f:
        runs.setdefault(store, []).append(json.load(f)["result"])
cols = [("clients", "clients"), ("recovered", "recovered"), ("notRecovered", "recovered:false"),
        ("lost", "lost"), ("duplicates", "duplicated"), ("totalMillis", "all recovered (ms)"),
        ("p50Millis", "per client p50 (ms)"), ("p99Millis", "p99 (ms)"), ("maxMillis", "max (ms)"),
        ("reconnectsPerSecond", "reconnects/s"), ("listenOverflows", "listen overflows"),
        ("stormP99Millis", "live p99 in storm (ms)"),
        ("serverCpuPercent", "server CPU (% of a core)"), ("serverRssKibMax", "server RSS max (MiB)")]
lines = ["| store | runs | " + " | ".join(c[1] for c in cols) + " |",
         "| --- | --- | " + " | ".join("---" for _ in cols) + " |"]
for store, rs in runs.items():
    cells = []
    for key, _ in cols:
        v = statistics.median(r[key] for r in rs)
        if key == "serverRssKibMax":
            v = v / 1024
        cells.append(f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:.1f}")
    lines.append(f"| {store} | {len(rs)} | " + " | ".join(cells) + " |")
table = "\n".join(lines)
with open(os.path.join(out, "summary.md"), "w") as f:
    f.write(table + "\n")
print(table)
PY
exit $status
