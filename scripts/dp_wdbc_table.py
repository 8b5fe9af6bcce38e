#!/usr/bin/env python3
"""The accuracy cost of differential privacy on WDBC: writes docs/dp-wdbc.md.

    swift build -c release --product galen      # or a debug build; GALEN=path/to/galen overrides
    python3 scripts/dp_wdbc_table.py

Runs `galen train data/wdbc/breast_cancer_wdbc.csv --target diagnosis` (stratified 70/10/20 split, bootstrap
intervals) without privacy and with `--dp --epsilon E --delta 1e-5 --max-grad-norm 1` for E = 1, 3, 8, under two
recipes: the default network settings, and a DP recipe with fewer epochs and no dropout (fewer steps need less
noise for the same ε). Each configuration runs with seeds 42, 7 and 2026 (split, weights, batches, noise); the
table gives each seed's test accuracy and ROC AUC of the network and their mean, the ε actually spent and σ.
Standard library only.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "data", "wdbc", "breast_cancer_wdbc.csv")
OUT = os.path.join(ROOT, "docs", "dp-wdbc.md")
SEEDS = [42, 7, 2026]
RECIPES = [("defaults", []), ("DP recipe: --epochs 50 --dropout 0", ["--epochs", "50", "--dropout", "0"])]


def galen_binary():
    if os.environ.get("GALEN"):
        return os.environ["GALEN"]
    for config in ("release", "debug"):
        path = subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        if path and os.path.exists(os.path.join(path, "galen")):
            return os.path.join(path, "galen")
    sys.exit("no galen binary: run `swift build --product galen` first")


def run(galen, args, seed):
    with tempfile.TemporaryDirectory() as out:
        cmd = [galen, "train", DATA, "--target", "diagnosis", "--out", out, "--seed", str(seed),
               "--resamples", "200", "--json", "--quiet"] + args
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
        doc = json.loads(p.stdout)
    net = doc["metrics"]["models"][0]["binary"]
    base = doc["metrics"]["models"][1]["binary"]
    return {"acc": net["accuracy"]["value"], "auc": net["rocAUC"]["value"],
            "base_acc": base["accuracy"]["value"], "dp": doc.get("differentialPrivacy")}


def main():
    galen = galen_binary()
    rows = []
    configs = [("non-private", None, [])]
    for name, extra in RECIPES:
        configs += [(name if i == 0 else name, eps, extra) for i, eps in enumerate((1, 3, 8))]
    configs.insert(1, ("non-private, DP recipe settings", None, RECIPES[1][1]))
    for name, eps, extra in configs:
        args = list(extra)
        if eps is not None:
            args += ["--dp", "--epsilon", str(eps), "--delta", "1e-5", "--max-grad-norm", "1"]
        results = [run(galen, args, s) for s in SEEDS]
        rows.append((name, eps, results))
        print(name, eps, [round(r["acc"], 3) for r in results], file=sys.stderr)

    def fmt(v):
        return f"{v:.3f}"

    lines = [
        "# Differential privacy on WDBC: the accuracy cost",
        "",
        "Made by `python3 scripts/dp_wdbc_table.py` (see the script for the exact commands). Each row is",
        "`galen train data/wdbc/breast_cancer_wdbc.csv --target diagnosis [--dp --epsilon ε --delta 1e-5 --max-grad-norm 1]`",
        "with seeds " + ", ".join(map(str, SEEDS)) + " (each seed changes the split as well as the training), evaluated on",
        "the 114 held-out test rows. ε spent is what the RDP accountant gives for the steps actually taken by the",
        "network and the baseline together (early stopping ends training before the planned steps, so it is below",
        "the target); σ is the noise multiplier chosen for the planned 2 × epochs × ⌈398 / 32⌉ steps at q = 32 / 398.",
        "",
        "| settings | ε target | network accuracy (per seed) | mean | ROC AUC (per seed) | mean | baseline accuracy (mean) | ε spent (per seed) | σ |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, eps, results in rows:
        accs = [r["acc"] for r in results]
        aucs = [r["auc"] for r in results]
        base = sum(r["base_acc"] for r in results) / len(results)
        spent = " / ".join(fmt(r["dp"]["epsilon"]) for r in results) if eps is not None else "∞ (no DP)"
        sigma = f"{results[0]['dp']['noiseMultiplier']:.3f}" if eps is not None else "—"
        lines.append(f"| {name} | {eps if eps is not None else '—'} | {' / '.join(map(fmt, accs))} | "
                     f"{fmt(sum(accs) / len(accs))} | {' / '.join(map(fmt, aucs))} | {fmt(sum(aucs) / len(aucs))} | "
                     f"{fmt(base)} | {spent} | {sigma} |")
    lines += [
        "",
        "Reading it: the guarantee covers the training rows for the network and the logistic-regression baseline",
        "together (both are in the bundle). Not covered: the preprocessing statistics fitted on the training rows,",
        "the validation rows (early stopping, threshold) and the test rows. The default recipe (200 epochs,",
        "dropout 0.3) was tuned without privacy; with DP its many steps force a large σ, so at small ε a recipe with",
        "fewer steps does better — choose settings on data other than the private rows, or the choice itself leaks.",
        "The linear baseline, with 31 parameters instead of about 14,000, loses much less accuracy to the same noise",
        "(its column above): at small ε it is the better private model on this table.",
        "",
        "Caveats, as for Opacus without `secure_mode`: the noise comes from Galen's seeded xoshiro256** generator",
        "(reproducible, not cryptographically secure) and is Float32 Box–Muller noise, which is open to the",
        "floating-point attacks described by Mironov (2012); the hyper-parameters in the table were not chosen privately.",
        "",
    ]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
