#!/usr/bin/env python3
"""Summarizes a run-benchmarks.sh result folder: medians per server and scenario as a Markdown
table (summary.md) and two SVG charts (throughput, paced latency). Standard library only.

    python3 ws-bench/summarize.py ws-bench/results/<run>            # writes into that folder
    python3 ws-bench/summarize.py ws-bench/results/<run> --docs docs/img   # also copies the charts
"""
import glob
import json
import os
import shutil
import statistics
import sys

SERVERS = ["baseline", "wsm-netty", "wsm-jws", "wsm-memory"]
NAMES = {"baseline": "plain Java-WebSocket", "wsm-netty": "wsm (Netty, SQLite)",
         "wsm-jws": "wsm (Java-WebSocket, SQLite)", "wsm-memory": "wsm (Netty, memory)"}


def load(folder):
    results = {}
    for path in glob.glob(os.path.join(folder, "*.json")):
        base = os.path.basename(path)[:-5]
        name, scenario, run = base.rsplit("-", 2)
        with open(path) as f:
            doc = json.load(f)
        results.setdefault((name, scenario), []).append(doc["result"])
    return results


def median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None and r[key] >= 0]
    return statistics.median(values) if values else None


def fmt(value, unit="", digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{unit}"


def table(results):
    lines = []
    servers = [s for s in SERVERS if any(k[0] == s for k in results)]
    base_burst = median(results.get(("baseline", "burst"), []), "deliveredPerSecond")
    lines.append("| figure | " + " | ".join(NAMES[s] for s in servers) + " |")
    lines.append("| --- |" + " --- |" * len(servers))

    def row(label, scenario, key, unit="", digits=0, scale=1.0):
        cells = []
        for s in servers:
            v = median(results.get((s, scenario), []), key)
            cells.append(fmt(None if v is None else v * scale, unit, digits))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("burst 1,000 × 1,000: delivered/s", "burst", "deliveredPerSecond")
    cells = []
    for s in servers:
        v = median(results.get((s, "burst"), []), "deliveredPerSecond")
        cells.append("—" if v is None or not base_burst else f"{v / base_burst:.1f}×")
    lines.append("| burst: × plain Java-WebSocket | " + " | ".join(cells) + " |")
    row("burst: lost", "burst", "lost")
    row("burst: server CPU per delivery", "burst", "serverCpuMicrosPerDelivery", " µs", 2)
    row("burst: load tool CPU per delivery", "burst", "toolCpuMicrosPerDelivery", " µs", 2)
    row("paced 100,000/s: p50", "paced", "p50Micros", " ms", 2, 0.001)
    row("paced 100,000/s: p99", "paced", "p99Micros", " ms", 2, 0.001)
    row("paced 100,000/s: p99.9", "paced", "p999Micros", " ms", 2, 0.001)
    row("paced: lost", "paced", "lost")
    row("100 rooms × 10: delivered/s", "rooms", "deliveredPerSecond")
    cells = []
    for s in servers:
        one = median(results.get((s, "burst"), []), "deliveredPerSecond")
        many = median(results.get((s, "rooms"), []), "deliveredPerSecond")
        cells.append("—" if not one or many is None else f"{(many - one) / one * 100:+.0f}%")
    lines.append("| 100 rooms vs one room | " + " | ".join(cells) + " |")
    row("connect storm 10,000 @ 500: conn/s", "connect", "connectPerSecond")
    row("connect storm: listen overflows", "connect", "listenOverflows")
    row("connect storm: failed", "connect", "connectFailures")
    row("idle 10,000: heap per connection", "idle", "heapBytesPerConnection", " B")
    row("idle 10,000: RSS per connection", "idle", "rssBytesPerConnection", " B")
    row("capacity 19,900: delivered of expected", "capacity", "delivered")
    row("capacity: lost", "capacity", "lost")
    return "\n".join(lines) + "\n"


COLORS = {"baseline": "#9e9e9e", "wsm-netty": "#1e88e5", "wsm-jws": "#43a047",
          "wsm-memory": "#fb8c00"}


def bars(title, series, unit, path):
    """series: list of (label, value or None, server). Horizontal bars, one colour per server."""
    width, bar_h, gap, left = 780, 28, 14, 270
    height = 60 + len(series) * (bar_h + gap)
    top = max([v for _, v, _ in series if v] or [1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="24" font-size="15" font-weight="bold">{title}</text>']
    y = 44
    for label, value, server in series:
        out.append(f'<text x="10" y="{y + bar_h * 0.7}">{label}</text>')
        if value:
            w = (width - left - 120) * value / top
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                       f'fill="{COLORS.get(server, "#fb8c00")}"/>')
            out.append(f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.7}">{value:,.0f}{unit}</text>')
        else:
            out.append(f'<text x="{left}" y="{y + bar_h * 0.7}">not measured</text>')
        y += bar_h + gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    folder = sys.argv[1]
    results = load(folder)
    if not results:
        print(f"summarize: no results in {folder}", file=sys.stderr)
        sys.exit(1)
    md = table(results)
    with open(os.path.join(folder, "summary.md"), "w") as f:
        f.write(md)
    print(md)
    servers = [s for s in SERVERS if any(k[0] == s for k in results)]
    throughput = []
    for s in servers:
        throughput.append((f"{NAMES[s]}, 1 room", median(results.get((s, "burst"), []), "deliveredPerSecond"), s))
        throughput.append((f"{NAMES[s]}, 100 rooms", median(results.get((s, "rooms"), []), "deliveredPerSecond"), s))
    bars("Burst fan-out: deliveries per second (median of runs)", throughput, "/s",
         os.path.join(folder, "bench-throughput.svg"))
    latency = []
    for s in servers:
        for key, label in (("p50Micros", "p50"), ("p99Micros", "p99"), ("p999Micros", "p99.9")):
            v = median(results.get((s, "paced"), []), key)
            latency.append((f"{NAMES[s]} {label}", None if v is None else v / 1000, s))
    bars("Paced 100,000 deliveries/s: latency in ms (median of runs)", latency, " ms",
         os.path.join(folder, "bench-latency.svg"))
    if "--docs" in sys.argv:
        target = sys.argv[sys.argv.index("--docs") + 1]
        os.makedirs(target, exist_ok=True)
        for name in ("bench-throughput.svg", "bench-latency.svg"):
            shutil.copy(os.path.join(folder, name), os.path.join(target, name))


if __name__ == "__main__":
    main()
