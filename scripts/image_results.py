#!/usr/bin/env python3
"""Trains Galen's image workflow on PneumoniaMNIST and BreastMNIST with three seeds each (official splits,
metrics on the test split) and writes docs/images-results.json plus a Markdown table on standard output.

Usage: python3 scripts/image_results.py [--galen .build/release/galen] [--seeds 1,2,3] [--datasets pneumoniamnist,breastmnist]
       python3 scripts/image_results.py --merge part1.json part2.json ... [--out docs/images-results.json]
       python3 scripts/image_results.py --validation --datasets breastmnist --jobs 3 --tag small [--extra "..."]
       python3 scripts/image_results.py --test-of runs/images/validation-small.json
       python3 scripts/image_results.py --combine-validation runs/images/validation-T-seed1.json ... --out runs/images/validation-T.json
Each run is `galen train DATA --seed S --out runs/images/NAME-seedS --json --quiet` with the default recipe.
--merge combines partial result files (runs made in parallel, one seed each) and recomputes the summaries.

Besides the trainer's test metrics (accuracy at the bundle's threshold, Youden's J on validation by default), each
run records `accuracyAt05`: test accuracy at threshold 0.5 on the positive-class probability, the rule of the
MedMNIST v2 paper's accuracy (from `galen predict --split test`).

--validation is for choosing a recipe: the trainer's output (which holds test metrics) is discarded, and only the
validation split is scored (`galen predict --split val`): validation ROC AUC, accuracy at the bundle's threshold and
at 0.5, and the same for the mean probability of the seeds' models (a seed ensemble). The test split is not read.
The validation AUC of the kept checkpoint is optimistic (the checkpoint was chosen on it); compare recipes with it,
do not report it as a result. Bundles go to runs/images/TAG-NAME-seedS (--tag, default val).

--combine-validation joins --validation files of one recipe made one seed per call (e.g. two calls at a time) into
one file with the summary a single call would write (the seed ensemble from the saved validation predictions).

--test-of VALIDATION.json evaluates, once, on the test split the bundles of a --validation run whose recipe was
chosen (`galen evaluate BUNDLE DATA --seed S --json`, 1,000 bootstrap resamples, plus `galen predict --split test`
for the accuracy at 0.5 and the seed ensemble), and writes --out (docs/images-results.json) like a training run.
Training is deterministic per seed, so these are the bundles a fresh `galen train` with the same flags would make.
"""
import argparse, csv, json, os, statistics, subprocess, sys, time

import numpy as np
from concurrent.futures import ThreadPoolExecutor

DATA = {
    "pneumoniamnist": "/work/shared/data/pneumoniamnist/pneumoniamnist.npz",
    "breastmnist": "/work/shared/data/breastmnist/breastmnist.npz",
}
TARGETS = {"pneumoniamnist": {"rocAUC": 0.944, "accuracy": 0.854}, "breastmnist": {"rocAUC": 0.901, "accuracy": 0.863}}
METRICS = ["rocAUC", "accuracy", "sensitivity", "specificity", "f1", "prAUC", "brierScore"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--galen", default=".build/release/galen")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--datasets", default="pneumoniamnist,breastmnist")
    p.add_argument("--extra", default="", help="extra galen train arguments, space-separated")
    p.add_argument("--out", help="default docs/images-results.json; with --validation runs/images/validation-TAG.json")
    p.add_argument("--merge", nargs="*", help="partial result files to combine instead of training")
    p.add_argument("--validation", action="store_true", help="score the validation split only (recipe selection); never reads test")
    p.add_argument("--jobs", type=int, default=1, help="--validation: seeds trained at once")
    p.add_argument("--tag", default="val", help="--validation: bundles go to runs/images/TAG-NAME-seedS")
    p.add_argument("--test-of", help="a --validation result file whose bundles to evaluate on the test split")
    p.add_argument("--combine-validation", nargs="*", help="--validation files (one seed each) to join into --out")
    p.add_argument("--record-in", help="--combine-validation: also record the joined figures in this results file "
                                       "(docs/images-results.json) under validationCandidates.DATASET.TAG")
    a = p.parse_args()
    if a.combine_validation:
        if not a.out:
            sys.exit("--combine-validation needs --out")
        combine_validation(a.combine_validation, a.out, a.record_in)
        return
    if a.validation:
        a.out = a.out or f"runs/images/validation-{a.tag}.json"
        validate(a)
        return
    a.out = a.out or "docs/images-results.json"
    if a.test_of:
        test_of(a)
        return
    seeds = [int(s) for s in a.seeds.split(",")]
    results = {"command": f"{a.galen} train DATA --seed SEED --out runs/images/NAME-seedSEED --json --quiet {a.extra}".strip(),
               "datasets": {}}
    if a.merge:
        runs_by, commands = {}, {}
        for path in a.merge:
            part = json.load(open(path))
            for name, d in part["datasets"].items():
                runs_by.setdefault(name, []).extend(d["runs"])
                commands[name] = d.get("command", part["command"])
        del results["command"]
        for name, runs in runs_by.items():
            runs.sort(key=lambda r: r["seed"])
            results["datasets"][name] = {"data": DATA[name], "command": commands[name], "runs": runs,
                                         "summary": summarise(runs), "targets": TARGETS[name]}
        write(results, a.out)
        return
    for name in a.datasets.split(","):
        runs = []
        for seed in seeds:
            cmd = [a.galen, "train", DATA[name], "--seed", str(seed), "--out", f"runs/images/{name}-seed{seed}", "--json", "--quiet"]
            cmd += a.extra.split()
            start = time.time()
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            seconds = time.time() - start
            doc = json.loads(out)
            binary = doc["metrics"]["models"][0]["binary"]
            run = {"seed": seed, "seconds": round(seconds, 1), "threshold": doc.get("threshold")}
            for m in METRICS:
                run[m] = binary[m]["value"]
                run[m + "CI"] = [binary[m].get("lower"), binary[m].get("upper")]
            labels = np.load(DATA[name])["test_labels"].reshape(-1)
            probs = predict(a.galen, f"runs/images/{name}-seed{seed}/bundle", DATA[name], "test")
            run["accuracyAt05"] = float(np.mean((probs >= 0.5) == (labels == 1)))
            manifest = json.load(open(f"runs/images/{name}-seed{seed}/bundle/manifest.json"))
            run["epochsRun"] = manifest["content"]["training"]["epochsRun"]
            run["bestEpoch"] = manifest["content"]["training"]["bestEpoch"]
            runs.append(run)
            print(f"{name} seed {seed}: AUC {run['rocAUC']:.4f} accuracy {run['accuracy']:.4f} ({seconds:.0f} s)", file=sys.stderr)
        results["datasets"][name] = {"data": DATA[name], "command": results["command"], "runs": runs,
                                     "summary": summarise(runs), "targets": TARGETS[name]}
    write(results, a.out)


def predict(galen, bundle, data, split):
    """Positive-class probabilities of `galen predict` for one split of a MedMNIST file."""
    out = bundle.rstrip("/") + f"-{split}-predictions.csv"
    subprocess.run([galen, "predict", bundle, data, "--split", split, "--out", out], check=True, capture_output=True)
    return read_probabilities(out)


def read_probabilities(path):
    """The positive-class probability column of a `galen predict` CSV."""
    with open(path) as f:
        rows = list(csv.reader(f))
    column = next(i for i, c in enumerate(rows[0]) if c.startswith("probability_"))
    return np.array([float(r[column]) for r in rows[1:]])


def roc_auc(scores, labels):
    """ROC AUC by the Mann–Whitney statistic (ties count one half)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def validate(a):
    """Trains each seed, scores only the validation split, and writes the figures to --out."""
    seeds = [int(s) for s in a.seeds.split(",")]
    report = {"extra": a.extra, "galen": a.galen, "tag": a.tag, "datasets": {}}
    for name in a.datasets.split(","):
        labels = np.load(DATA[name])["val_labels"].reshape(-1)
        def one(seed):
            out_dir = f"runs/images/{a.tag}-{name}-seed{seed}"
            cmd = [a.galen, "train", DATA[name], "--seed", str(seed), "--out", out_dir, "--quiet", "--gallery", "0",
                   "--resamples", "100"] + a.extra.split()
            start = time.time()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # holds test metrics: unread
            seconds = time.time() - start
            manifest = json.load(open(f"{out_dir}/bundle/manifest.json"))["content"]
            threshold = (manifest.get("threshold") or {}).get("threshold", 0.5)
            probs = predict(a.galen, f"{out_dir}/bundle", DATA[name], "val")
            run = {"seed": seed, "seconds": round(seconds, 1), "threshold": threshold, "bundle": f"{out_dir}/bundle",
                   "valAUC": roc_auc(probs, labels),
                   "valAccuracy": float(np.mean((probs >= threshold) == (labels == 1))),
                   "valAccuracyAt05": float(np.mean((probs >= 0.5) == (labels == 1))),
                   "bestEpoch": manifest["training"]["bestEpoch"], "epochsRun": manifest["training"]["epochsRun"]}
            print(f"{name} seed {seed}: val AUC {run['valAUC']:.4f} acc {run['valAccuracy']:.4f} acc@0.5 {run['valAccuracyAt05']:.4f} "
                  f"best {run['bestEpoch']}/{run['epochsRun']} ({seconds:.0f} s)", file=sys.stderr)
            return run, probs
        with ThreadPoolExecutor(max_workers=a.jobs) as pool:
            done = list(pool.map(one, seeds))
        runs, all_probs = [r for r, _ in done], [p for _, p in done]
        summary = validation_summary(runs, all_probs, labels)
        report["datasets"][name] = {"runs": runs, "summary": summary}
        print(f"{name} {a.extra!r}: val AUC {summary['valAUC']['mean']:.4f} ± {summary['valAUC']['sd']:.4f}, "
              f"acc {summary['valAccuracy']['mean']:.4f}, acc@0.5 {summary['valAccuracyAt05']['mean']:.4f}; "
              f"seed ensemble AUC {summary['ensembleValAUC']:.4f} acc@0.5 {summary['ensembleValAccuracyAt05']:.4f}")
    write_json(report, a.out)


def validation_summary(runs, all_probs, labels):
    """Mean ± sd over the seeds' validation figures, and the seed ensemble's (mean probability) AUC and accuracy at 0.5."""
    mean = np.mean(all_probs, axis=0)
    summary = {m: {"mean": statistics.mean(r[m] for r in runs),
                   "sd": statistics.stdev(r[m] for r in runs) if len(runs) > 1 else 0.0}
               for m in ["valAUC", "valAccuracy", "valAccuracyAt05", "seconds"]}
    summary["ensembleValAUC"] = roc_auc(mean, labels)
    summary["ensembleValAccuracyAt05"] = float(np.mean((mean >= 0.5) == (labels == 1)))
    return summary


def write_json(doc, out):
    """Writes `doc` to `out` atomically."""
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".tmp", "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(out + ".tmp", out)


def combine_validation(paths, out, record_in=None):
    """Joins --validation files of one recipe (same extra flags) into one, re-reading each run's saved validation
    predictions for the seed ensemble; with `record_in`, also stores the figures there (validation only: a recipe
    candidate's record, never test figures)."""
    parts = [json.load(open(p)) for p in paths]
    if len({p["extra"] for p in parts}) != 1:
        sys.exit("--combine-validation: the files were made with different --extra flags")
    report = {"extra": parts[0]["extra"], "galen": parts[0]["galen"], "tag": parts[0]["tag"], "datasets": {}}
    for name in sorted({n for p in parts for n in p["datasets"]}):
        runs = sorted((r for p in parts for r in p["datasets"].get(name, {}).get("runs", [])), key=lambda r: r["seed"])
        labels = np.load(DATA[name])["val_labels"].reshape(-1)
        all_probs = [read_probabilities(r["bundle"].rstrip("/") + "-val-predictions.csv") for r in runs]
        summary = validation_summary(runs, all_probs, labels)
        report["datasets"][name] = {"runs": runs, "summary": summary}
        print(f"{name} {report['extra']!r}: val AUC {summary['valAUC']['mean']:.4f} ± {summary['valAUC']['sd']:.4f}, "
              f"acc {summary['valAccuracy']['mean']:.4f}, acc@0.5 {summary['valAccuracyAt05']['mean']:.4f}; "
              f"seed ensemble AUC {summary['ensembleValAUC']:.4f}")
    write_json(report, out)
    if record_in:
        results = json.load(open(record_in)) if os.path.exists(record_in) else {"datasets": {}}
        for name, d in report["datasets"].items():
            keep = ["seed", "seconds", "threshold", "valAUC", "valAccuracy", "valAccuracyAt05", "bestEpoch", "epochsRun"]
            results.setdefault("validationCandidates", {}).setdefault(name, {})[report["tag"]] = {
                "extra": report["extra"], "summary": d["summary"], "runs": [{k: r[k] for k in keep} for r in d["runs"]]}
        write_json(results, record_in)


def test_of(a):
    """Evaluates the bundles of a --validation run on the test split and writes the results file."""
    chosen = json.load(open(a.test_of))
    # Other datasets already in --out are kept.
    results = json.load(open(a.out)) if os.path.exists(a.out) else {"datasets": {}}
    for name, d in chosen["datasets"].items():
        labels = np.load(DATA[name])["test_labels"].reshape(-1)
        runs, all_probs = [], []
        for v in d["runs"]:
            seed, bundle = v["seed"], v["bundle"]
            out = subprocess.run([a.galen, "evaluate", bundle, DATA[name], "--seed", str(seed), "--resamples", "1000", "--json",
                                  "--out", bundle.rstrip("/") + "-test-evaluation"], check=True, capture_output=True, text=True).stdout
            binary = json.loads(out)["models"][0]["binary"]
            run = {"seed": seed, "seconds": v["seconds"], "threshold": v["threshold"], "bestEpoch": v["bestEpoch"],
                   "epochsRun": v["epochsRun"], "validationAUC": v["valAUC"], "validationAccuracy": v["valAccuracy"]}
            for m in METRICS:
                run[m] = binary[m]["value"]
                run[m + "CI"] = [binary[m].get("lower"), binary[m].get("upper")]
            probs = predict(a.galen, bundle, DATA[name], "test")
            all_probs.append(probs)
            run["accuracyAt05"] = float(np.mean((probs >= 0.5) == (labels == 1)))
            runs.append(run)
            print(f"{name} seed {seed}: test AUC {run['rocAUC']:.4f} accuracy {run['accuracy']:.4f} at 0.5 {run['accuracyAt05']:.4f}",
                  file=sys.stderr)
        mean = np.mean(all_probs, axis=0)
        command = f"{chosen['galen']} train DATA --seed SEED --out runs/images/{chosen['tag']}-NAME-seedSEED {chosen['extra']}".strip()
        results["datasets"][name] = {"data": DATA[name], "command": command, "runs": runs, "summary": summarise(runs),
                                     "targets": TARGETS[name],
                                     "seedEnsemble": {"rocAUC": roc_auc(mean, labels),
                                                      "accuracyAt05": float(np.mean((mean >= 0.5) == (labels == 1)))},
                                     "validationSummary": d["summary"]}
    write(results, a.out)


def summarise(runs):
    summary = {}
    for m in METRICS + ["seconds", "accuracyAt05"]:
        values = [r[m] for r in runs if m in r]
        if not values:
            continue
        summary[m] = {"mean": statistics.mean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0}
    return summary


def write(results, out):
    """Writes the JSON atomically and prints the Markdown table."""
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, out)
    print("| dataset | ROC AUC | accuracy (validation threshold) | accuracy (threshold 0.5) | sensitivity | specificity | minutes per run | target AUC / acc |")
    print("|---|---|---|---|---|---|---|---|")
    for name, d in results["datasets"].items():
        s = d["summary"]
        cell = lambda m: f"{s[m]['mean']:.3f} ± {s[m]['sd']:.3f}"
        at05 = cell('accuracyAt05') if 'accuracyAt05' in s else "—"
        print(f"| {name} | {cell('rocAUC')} | {cell('accuracy')} | {at05} | {cell('sensitivity')} | {cell('specificity')} | "
              f"{s['seconds']['mean'] / 60:.1f} | {d['targets']['rocAUC']} / {d['targets']['accuracy']} |")


if __name__ == "__main__":
    main()
