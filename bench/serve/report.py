"""Summarises `make bench BENCH=serve` (bench/serve/run.sh): medians over runs of wrk's figures per side, the
throughput ratio and the targets; writes bench/serve/results.json and bench/serve/RESULTS.md, and puts the same
section into bench/RESULTS.md between <!-- serve:begin --> and <!-- serve:end --> (bench/report.py keeps it).

usage: report.py RUNS.jsonl AUDITED_ROWS COMMAND CONNECTIONS SECONDS WORKERS
"""
import datetime
import json
import os
import platform
import statistics
import sys

runs_path, audited, command, connections, seconds, workers = sys.argv[1:7]
runs = [json.loads(line) for line in open(runs_path) if line.strip()]


def summary(side):
    rs = [r for r in runs if r["side"] == side]
    if not rs:
        return None
    def med(f):
        return statistics.median(f(r) for r in rs)
    return {
        "runs": len(rs),
        "requests_per_s": med(lambda r: r["requests"] / (r["duration_us"] / 1e6)),
        "p50_ms": med(lambda r: r["p50_us"] / 1000),
        "p99_ms": med(lambda r: r["p99_us"] / 1000),
        "requests": sum(r["requests"] for r in rs),
        "errors": sum(r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_status"] + r["errors_timeout"] for r in rs),
        "per_run": rs,
    }


galen, fastapi = summary("galen"), summary("fastapi")
ratio = galen["requests_per_s"] / fastapi["requests_per_s"] if galen and fastapi else None
cpu = "unknown CPU"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
result = {"command": command, "date": datetime.date.today().isoformat(), "cpu": cpu, "cores": os.cpu_count(),
          "connections": int(connections), "seconds": int(seconds), "fastapi_workers": int(workers),
          "galen": galen, "fastapi": fastapi, "throughput_ratio": ratio, "galen_audit_rows": int(audited)}
with open("bench/serve/results.json", "w") as f:
    json.dump(result, f, indent=1)


def row(name, s):
    return f"| {name} | {s['requests_per_s']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['errors']} / {s['requests']:,} |"


ok = lambda b: "met" if b else "**not met**"
lines = [
    "## Serving under load (`make bench BENCH=serve`)",
    "",
    f"Produced by `{command}` on {result['date']} ({cpu}, {os.cpu_count()} cores, 1-minute load average {os.getloadavg()[0]:.1f} when reported): single-row",
    "predictions of the WDBC model (30 → 128 → 64 → 32 → 1) over loopback, measured with `wrk -t1 "
    f"-c{connections}` for {seconds} s per run after a 3 s warm-up, {galen['runs'] if galen else 0} runs per side alternating; medians.",
    "Galen: `galen serve` with an API key and the SQLite audit trail on (each answer waits for its audit record's commit;",
    f"group commit). FastAPI: uvicorn with {workers} workers serving the same PyTorch MLP with the same weights and",
    "preprocessing (bench/serve/fastapi_app.py), no auth and no audit; both answers agree on the same record.",
    "",
    "| server | requests/s | p50 ms | p99 ms | errors / requests |",
    "|---|---:|---:|---:|---:|",
]
if galen:
    lines.append(row("Galen (`galen serve`, SQLite audit)", galen))
if fastapi:
    lines.append(row(f"FastAPI + uvicorn ({workers} workers), PyTorch", fastapi))
if ratio:
    lines += ["", f"Throughput ratio Galen/FastAPI: **{ratio:.2f}×**. "
              f"Targets: ≥ 5× throughput {ok(ratio >= 5)}; p99 ≤ 10 ms {ok(galen['p99_ms'] <= 10)}; "
              f"zero errors {ok(galen['errors'] == 0)}. Audit rows written by Galen in all runs (warm-ups included): {int(audited):,}."]
section = "\n".join(lines) + "\n"
with open("bench/serve/RESULTS.md", "w") as f:
    f.write("# " + section[3:])

begin, end = "<!-- serve:begin -->", "<!-- serve:end -->"
block = f"{begin}\n{section}{end}\n"
text = open("bench/RESULTS.md").read() if os.path.exists("bench/RESULTS.md") else "# Benchmark results\n"
if begin in text and end in text:
    text = text[:text.index(begin)] + block + text[text.index(end) + len(end):].lstrip("\n")
else:
    text = text.rstrip("\n") + "\n\n" + block
tmp = "bench/RESULTS.md.tmp"
with open(tmp, "w") as f:
    f.write(text)
os.replace(tmp, "bench/RESULTS.md")
print(section)
