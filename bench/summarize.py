#!/usr/bin/env python3
"""Turns the raw JSON of `bench engine` (ours) and peer-bench.mjs (peer) into the comparison table and the throughput plot.

  summarize.py compare --ours R1.json R2.json.. --peer R1.json.. --out engine-vs-peer.json [--ours-command ..] [--peer-command ..]
  summarize.py sweep   --raw-dir DIR --concurrency 1,10,50,100,200 --out-json sweep.json --out-png docs/bench-throughput.png

Standard library only (matplotlib is not installable here): the plot is drawn as SVG and rasterised by headless
Chromium's --screenshot.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    return xs[len(xs) // 2] if xs else None


def phase_median(doc, prefix, key):
    return median([r[key] for r in doc["results"] if r["phase"].startswith(prefix)])


def ours_metrics(doc):
    s = doc["summary"]
    return {
        "sequentialPerSecond": s["sequentialPerSecond"],
        "concurrentPerSecond": s["concurrentPerSecond"],
        "sequentialP50Ms": s["sequentialP50Ms"],
        "sequentialP99Ms": s["sequentialP99Ms"],
        "concurrentP50Ms": s["concurrentP50Ms"],
        "concurrentP99Ms": s["concurrentP99Ms"],
        "sequentialCpuMsPerExec": s["sequentialCpuMsPerExec"],
        "concurrentCpuMsPerExec": s["concurrentCpuMsPerExec"],
        "peakRssMB": s["peakRssMB"],
        "wrong": s["correctness"]["wrong"],
    }


def peer_metrics(doc):
    s = doc["summary"]
    return {
        "sequentialPerSecond": s["sequentialExecPerSecMedian"],
        "concurrentPerSecond": s["concurrentExecPerSecMedian"],
        "sequentialP50Ms": s["sequentialP50MsMedian"],
        "sequentialP99Ms": s["sequentialP99MsMedian"],
        "concurrentP50Ms": s["concurrentP50MsMedian"],
        "concurrentP99Ms": s["concurrentP99MsMedian"],
        "sequentialCpuMsPerExec": phase_median(doc, "sequential", "cpuMsPerExec"),
        "concurrentCpuMsPerExec": phase_median(doc, "concurrent", "cpuMsPerExec"),
        "peakRssMB": s["peakRssMB"],
        "wrong": s["correctness"]["wrong"],
    }


ROWS = [
    # key, label, unit, higher is better
    ("sequentialPerSecond", "sequential", "exec/s", True),
    ("concurrentPerSecond", "concurrent @C", "exec/s", True),
    ("sequentialP50Ms", "sequential p50", "ms", False),
    ("sequentialP99Ms", "sequential p99", "ms", False),
    ("concurrentP50Ms", "concurrent p50", "ms", False),
    ("concurrentP99Ms", "concurrent p99", "ms", False),
    ("sequentialCpuMsPerExec", "CPU/exec (seq)", "ms", False),
    ("concurrentCpuMsPerExec", "CPU/exec (conc)", "ms", False),
    ("peakRssMB", "peak memory (RSS)", "MB", False),
]


def load(paths):
    docs = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            docs.append((p, json.load(f)))
    return docs


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3f}" if abs(v) < 10 else f"{v:.2f}"


def compare(args):
    ours = [ours_metrics(d) for _, d in load(args.ours)]
    peer = [peer_metrics(d) for _, d in load(args.peer)]
    if not ours or not peer:
        sys.exit("compare: no runs given")
    concurrency = load(args.ours)[0][1]["summary"]["concurrency"]
    table = []
    for key, label, unit, higher in ROWS:
        o = median(m[key] for m in ours)
        p = median(m[key] for m in peer)
        ratio = o / p if o is not None and p else None
        table.append({
            "metric": key, "label": label.replace("@C", f"@{concurrency}"), "unit": unit, "higherIsBetter": higher,
            "ours": o, "peer": p, "ratioOursOverPeer": round(ratio, 3) if ratio is not None else None,
            "oursRuns": [m[key] for m in ours], "peerRuns": [m[key] for m in peer],
        })

    by = {row["metric"]: row for row in table}
    target = {
        "sequentialAtLeast10x": (by["sequentialPerSecond"]["ratioOursOverPeer"] or 0) >= 10,
        "concurrentAtLeast10x": (by["concurrentPerSecond"]["ratioOursOverPeer"] or 0) >= 10,
        "memoryNoHigher": (by["peakRssMB"]["ratioOursOverPeer"] or 99) <= 1,
    }
    w = 20
    print()
    print(f"{'metric':<{w}} {'unit':<7} {'ours':>11} {'peer':>11} {'ours/peer':>10}   runs ours | peer")
    print("-" * 100)
    for row in table:
        r = row["ratioOursOverPeer"]
        runs = ", ".join(fmt(x) for x in row["oursRuns"]) + " | " + ", ".join(fmt(x) for x in row["peerRuns"])
        print(f"{row['label']:<{w}} {row['unit']:<7} {fmt(row['ours']):>11} {fmt(row['peer']):>11} {('%.2fx' % r) if r is not None else '-':>10}   {runs}")
    print("-" * 100)
    print(f"rounds: {len(ours)} ours, {len(peer)} peer (alternating); medians across rounds; "
          f"unexpected endings: ours {sum(m['wrong'] for m in ours)}, peer {sum(m['wrong'] for m in peer)}")
    print("target (>=10x exec/s sequential and at 100 in flight, memory no higher): "
          + ", ".join(f"{k}={'met' if v else 'NOT met'}" for k, v in target.items()))

    ours_env = load(args.ours)[0][1].get("env", {})
    peer_env = load(args.peer)[0][1].get("env", {})
    report = {
        "commands": {"ours": args.ours_command, "peer": args.peer_command},
        "env": {"ours": ours_env, "peer": peer_env},
        "rounds": len(ours),
        "table": table,
        "target": target,
        "unexpectedEndings": {"ours": sum(m["wrong"] for m in ours), "peer": sum(m["wrong"] for m in peer)},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


def sweep(args):
    levels = [int(c) for c in args.concurrency.split(",")]
    series = {"ours": [], "peer": []}
    for side in series:
        for c in levels:
            runs = []
            k = 1
            while os.path.exists(os.path.join(args.raw_dir, f"sweep-{side}-c{c}-r{k}.json")):
                with open(os.path.join(args.raw_dir, f"sweep-{side}-c{c}-r{k}.json"), encoding="utf-8") as f:
                    doc = json.load(f)
                s = doc["summary"]
                runs.append(s["concurrentPerSecond"] if side == "ours" else s["concurrentExecPerSecMedian"])
                k += 1
            if not runs:
                sys.exit(f"sweep: no runs for {side} at concurrency {c} in {args.raw_dir}")
            series[side].append({"concurrency": c, "execPerSec": median(runs), "runs": runs})
    out = {"concurrency": levels, "series": series, "note": args.note}
    with open(args.out_json, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    svg = render_svg(levels, series, args.note)
    render_png(svg, args.out_png)
    for side, points in series.items():
        print(side.ljust(5), "  ".join(f"C={p['concurrency']}: {p['execPerSec']:,.0f}/s" for p in points))
    print(f"wrote {args.out_json} and {args.out_png}")


def render_svg(levels, series, note):
    width, height = 980, 560
    left, right, top, bottom = 90, 250, 60, 80
    pw, ph = width - left - right, height - top - bottom
    ymax = max(p["execPerSec"] for pts in series.values() for p in pts)
    step = nice_step(ymax / 5)
    ymax = step * (int(ymax / step) + 1)
    n = len(levels)

    def x(i):
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v):
        return top + ph - ph * v / ymax

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="DejaVu Sans, Arial, sans-serif">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="32" font-size="18" font-weight="bold">Saga executions/s against executions in flight</text>',
             f'<text x="{left}" y="50" font-size="12" fill="#555">{escape(note)}</text>']
    v = 0
    while v <= ymax + 1e-9:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 8}" y="{y(v) + 4:.1f}" font-size="12" text-anchor="end">{v:,.0f}</text>')
        v += step
    for i, c in enumerate(levels):
        parts.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top}" y2="{top + ph}" stroke="#f0f0f0"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{top + ph + 20}" font-size="12" text-anchor="middle">{c}</text>')
    parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" stroke="#333"/>')
    parts.append(f'<text x="{left + pw / 2}" y="{height - 30}" font-size="13" text-anchor="middle">executions in flight (concurrency; category axis)</text>')
    parts.append(f'<text x="22" y="{top + ph / 2}" font-size="13" text-anchor="middle" transform="rotate(-90 22 {top + ph / 2})">executions per second</text>')
    styles = {"ours": ("#1565c0", "OrderSaga.Local.States (.NET 10)"), "peer": ("#e65100", "aws-local-stepfunctions 3.0.0 (Node 22)")}
    for k, (side, points) in enumerate(series.items()):
        color, label = styles[side]
        path = " ".join(f"{x(i):.1f},{y(p['execPerSec']):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="3"/>')
        for i, p in enumerate(points):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p["execPerSec"]):.1f}" r="4.5" fill="{color}"/>')
            parts.append(f'<text x="{x(i):.1f}" y="{y(p["execPerSec"]) - 9:.1f}" font-size="11" fill="{color}" text-anchor="middle">{p["execPerSec"]:,.0f}</text>')
        ly = top + 20 + 40 * k
        parts.append(f'<line x1="{left + pw + 15}" x2="{left + pw + 40}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="3"/>')
        words = label.split(" (")
        parts.append(f'<text x="{left + pw + 46}" y="{ly + 4}" font-size="12">{escape(words[0])}</text>')
        if len(words) > 1:
            parts.append(f'<text x="{left + pw + 46}" y="{ly + 19}" font-size="11" fill="#555">({escape(words[1])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def nice_step(raw):
    import math
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_png(svg, out_png):
    chromium = next((shutil.which(c) for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)
    svg_path = os.path.splitext(out_png)[0] + ".svg"
    if chromium is None:
        with open(svg_path, "w", encoding="utf-8") as f:
            f.write(svg)
        sys.exit(f"no chromium to rasterise the plot; wrote {svg_path} instead of {out_png}")
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "plot.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write('<html><body style="margin:0">' + svg + "</body></html>")
        png = os.path.join(tmp, "plot.png")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/profile", "--window-size=980,560", f"--screenshot={png}", "file://" + page],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        os.makedirs(os.path.dirname(os.path.abspath(out_png)), exist_ok=True)
        shutil.copyfile(png, out_png)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--ours", nargs="+", required=True)
    c.add_argument("--peer", nargs="+", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--ours-command", default="")
    c.add_argument("--peer-command", default="")
    s = sub.add_parser("sweep")
    s.add_argument("--raw-dir", required=True)
    s.add_argument("--concurrency", required=True)
    s.add_argument("--out-json", required=True)
    s.add_argument("--out-png", required=True)
    s.add_argument("--note", default="")
    args = ap.parse_args()
    compare(args) if args.cmd == "compare" else sweep(args)


if __name__ == "__main__":
    main()
