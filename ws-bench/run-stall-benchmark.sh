#!/usr/bin/env bash
# Paced fan-out (100,000 deliveries/s to 1,000 subscribers, server pinned to CPU 0) with and
# without 10 clients that join the room and never read (wsm-bench stall), twice each: what slow
# consumers cost everyone else. Bounded: 1,500 messages per run, stallers leave after 90 s.
set -u
cd "$(dirname "$0")/.."
B=ws-bench/target/wsm-bench.jar
W=ws-cli/target/wsm.jar
OUT=${OUT:-ws-bench/results/stall-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
for mode in none stall none stall; do
  port=$((19000 + RANDOM % 500))
  rm -f "$OUT"/s.db*
  taskset -c 0 java -jar $W serve --port $port --db "$OUT/s.db" --max-connections-per-user 0 --rate-limit off --user-rate-limit off --max-connections-per-ip 0 > "$OUT/server.log" 2>&1 &
  sp=$!
  for _ in $(seq 1 100); do grep -q serving "$OUT/server.log" && break; sleep 0.1; done
  if [ "$mode" = stall ]; then
    taskset -c 1 java -jar $B stall --url ws://127.0.0.1:$port/ws -n 10 --seconds 90 > "$OUT/stall.log" 2>&1 &
    stp=$!
    sleep 3
  fi
  taskset -c 1 java -jar $B load --url ws://127.0.0.1:$port/ws -n 1000 -r 1 -p 1 -m 1500 --rate 100 --payload 100 --no-progress --server-pid $sp --json "$OUT/$mode-$RANDOM.json" > "$OUT/load-$mode.txt" 2>&1
  grep -E "p99|lost|delivered" "$OUT/load-$mode.txt" | head -4 | sed "s/^/$mode: /"
  if [ "$mode" = stall ]; then kill $stp 2>/dev/null; wait $stp 2>/dev/null; fi
  kill $sp; wait $sp 2>/dev/null
done
