"""Combines Galen's and PyTorch's bench lines into a table, bench/results.json and
bench/RESULTS.md. ratio is oriented so that higher is better for Galen:
galen/torch for throughputs, torch/galen for memory (MB)."""
import datetime
import json
import platform
import statistics
import subprocess
import sys

galen_path, torch_path, command, torch_why = sys.argv[1:5]


def load(path):
    """Lines of one side; repeated runs of a figure are reduced to their median (first-seen order kept)."""
    with open(path) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    values, first = {}, {}
    for r in lines:
        values.setdefault(r["name"], []).append(r["value"])
        first.setdefault(r["name"], r)
    return [dict(first[n], value=statistics.median(v), runs=len(v)) for n, v in values.items()]


galen = load(galen_path)
torch = {r["name"]: r["value"] for r in load(torch_path)}
rows = []
for r in galen:
    t = torch.get(r["name"])
    lower_is_better = r["unit"] == "MB"
    ratio = None
    if t:
        ratio = (t / r["value"]) if lower_is_better else (r["value"] / t)
    rows.append({"name": r["name"], "unit": r["unit"], "galen": r["value"], "torch": t,
                 "ratio": ratio, "better": "lower" if lower_is_better else "higher"})

# Groups not run this time keep their rows from the previous results.json, marked as carried over.
try:
    with open("bench/results.json") as f:
        measured = {r["name"] for r in rows}
        rows += [dict(r, carried=True) for r in json.load(f) if r["name"] not in measured]
except (OSError, ValueError):
    pass

with open("bench/results.json", "w") as f:
    json.dump(rows, f, indent=2)


def fmt(v):
    if v is None:
        return "—"
    return f"{v:,.1f}" if v >= 10 else f"{v:.3f}"


header = f"| benchmark | unit | Galen | PyTorch | ratio |\n|---|---|---:|---:|---:|\n"
def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}×"


table = header + "".join(
    f"| {r['name']}{' †' if r.get('carried') else ''} | {r['unit']} ({r['better']} is better) | {fmt(r['galen'])} | {fmt(r['torch'])} | "
    f"{fmt_ratio(r['ratio'])} |\n" for r in rows)
print(table)
if torch_why:
    print(f"PyTorch figures missing: {torch_why}")

try:
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
except Exception:
    cpu = platform.processor()
try:
    blas = subprocess.run([".build/release/galen", "info"], capture_output=True, text=True).stdout
    kernel = next((l.split(":", 1)[1].strip() for l in blas.splitlines() if l.startswith("BLAS kernel")), "?")
except Exception:
    kernel = "?"

md = f"""# Benchmark results

Produced by `{command}` on {datetime.date.today().isoformat()}: Galen and PyTorch {'(not available: ' + torch_why + ')' if torch_why else 'CPU 2.13.0+cpu'}
measured in the same run on the same machine ({cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores).
Galen's BLAS kernel: {kernel}.

Each figure is the median of {max(r.get('runs', 1) for r in galen)} separate runs per side, alternating Galen and PyTorch.
`ratio` is oriented so that higher is better for Galen: Galen/PyTorch for throughputs,
PyTorch/Galen for memory. Absolute times on shared machines are noisy; the ratio is the figure to read.
Rows marked † were not measured by this command: they are carried over from the previous results.json.

{table}
Workloads (bench/galen-bench/main.swift and bench/torch_bench.py, identical on both sides):
- `gemm`: square Float32 matrix product, Galen `Tensor.matmul` vs `torch.mm`, 2 threads.
- `mlp`: the seed model (30 → Dense 128 ReLU → 64 ReLU → 32 ReLU → 1, BCE with logits), Adam lr 1e-3, 20,000
  synthetic rows; training samples/s over whole shuffled epochs (Galen through `Module.fit`, PyTorch through
  the usual index-and-step loop) after one warm-up epoch; inference samples/s in batches of 1024 without
  gradients; peak RSS of a separate process that only trains (batch 32, 4 epochs in all).
- `csv`: reading a generated 1,000,000 × 20 numeric CSV (143 MB) into typed columns, Galen's `CSVReader` against
  `pandas.read_csv` (C engine), whole file (best of 3) and in 65,536-row batches. The "PyTorch" column holds pandas.
- `bert`: all-MiniLM-L6-v2 sentence embeddings (6-layer BERT encoder, mean pooling, L2 normalisation) of 32
  sequences × 128 tokens without gradients, 2 threads. Galen's `BertEncoder` (one measurement, listed twice)
  against Hugging Face `transformers`' `BertModel` and against PyTorch's fused fast path (`nn.TransformerEncoder`
  in eval mode under `no_grad`, same weights, same embeddings module); peak RSS of a separate process that loads
  the model and embeds 3 batches (PyTorch: the fast path, with `transformers` loaded).
- `cnn`: the seed CNNs (CNN-28: 1×28×28, Conv 32/64/64 + Dense 64; CNN-150: 3×150×150, Conv 32/64/128/128 +
  Dense 512) and ResNet-18 (28) (MedMNIST v2 variant, 1×28×28), one logit, BCE with logits, Adam lr 1e-3,
  synthetic images in [0, 1); training samples/s of forward + backward + step over 4 fixed batches (2 warm-up
  steps, then at least 3 s), inference samples/s over the same 4 batches in evaluation mode without gradients
  (Galen through `Module.predict`); peak RSS of the process that ran one model's rows (`GALEN_BENCH_SECONDS`
  changes the 3 s). For profiling, `GALEN_BENCH_TRAIN_STEPS=k galen-bench resnet-28` (optionally
  `GALEN_BENCH_BATCH=b`) runs exactly k training steps after the warm-up and prints only the training row.
"""
# Sections other benchmark scripts keep in RESULTS.md (e.g. bench/serve/report.py between
# <!-- serve:begin --> and <!-- serve:end -->) survive this rewrite.
import re
try:
    kept = re.findall(r"(<!-- \w+:begin -->.*?<!-- \w+:end -->)", open("bench/RESULTS.md").read(), re.S)
except OSError:
    kept = []
if kept:
    md = md.rstrip("\n") + "\n\n" + "\n\n".join(kept) + "\n"
with open("bench/RESULTS.md", "w") as f:
    f.write(md)
