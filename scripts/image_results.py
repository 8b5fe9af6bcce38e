#!/usr/bin/env python3
"""Trains Galen's image workflow on PneumoniaMNIST and BreastMNIST with three seeds each (official splits,
metrics on the test split) and writes docs/images-results.json plus a Markdown table on standard output.

Usage: python3 scripts/image_results.py [--galen .build/release/galen] [--seeds 1,2,3] [--datasets pneumoniamnist,breastmnist]
       python3 scripts/image_results.py --merge part1.json part2.json ... [--out docs/images-results.json]
       python3 scripts/image_results.py --validation --datasets breastmnist --jobs 3 --tag small [--extra "..."]
       python3 scripts/image_results.py --test-of runs/images/validation-small.json
       python3 scripts/image_results.py --combine-validation runs/images/validation-T-seed1.json ... --out runs/images/validation-T.json
       python3 scripts/image_results.py --ensemble-of runs/images/validation-T-seed{1,2,3}.json --out runs/images/validation-T-ens.json
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

--ensemble-of joins the bundles of --validation files (one or several seeds each) into ensemble bundles with
`galen ensemble BUNDLE... --data DATA --out runs/images/TAG-NAME-ensemble-seedsA-B-C --json` (mean probability; the
threshold is Youden's J on the ensemble's validation scores), scoring the validation split only. The runs are sorted
by seed and cut into ensembles of --ensemble-size members (default: all of them, one ensemble); e.g. nine seeds with
--ensemble-size 3 give three ensembles, whose mean ± sd --test-of then reports. --out gets a file in the --validation
format (one "run" per ensemble, its bundle the ensemble's), so `--test-of` evaluates the ensembles on test once each.

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
    p.add_argument("--record-in", help="--combine-validation, --ensemble-of: also record the validation figures in this "
                                       "results file (docs/images-results.json) under validationCandidates.DATASET.TAG")
    p.add_argument("--ensemble-of", nargs="*", help="--validation files whose bundles to join into ensembles (galen ensemble)")
    p.add_argument("--ensemble-size", type=int, help="--ensemble-of: members per ensemble (default: all runs in one)")
    p.add_argument("--data-path", action="append", default=[], metavar="NAME=PATH",
                   help="use PATH for dataset NAME instead of /work/shared/data (e.g. a small synthetic .npz to try the script)")
    a = p.parse_args()
    for item in a.data_path:
        name, _, path = item.partition("=")
        if not path:
            sys.exit(f"--data-path takes NAME=PATH, got {item!r}")
        DATA[name] = path
        TARGETS.setdefault(name, {"rocAUC": None, "accuracy": None})
    if a.ensemble_of:
        if not a.out:
            sys.exit("--ensemble-of needs --out")
        ensemble_of(a)
        return
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
        record_validation(report, record_in, ["seed", "seconds", "threshold", "valAUC", "valAccuracy", "valAccuracyAt05",
                                              "bestEpoch", "epochsRun"])


def ensemble_of(a):
    """Joins the bundles of --validation files into ensemble bundles (`galen ensemble`), scored on validation only,
    and writes --out in the --validation format with one run per ensemble."""
    parts = [json.load(open(p)) for p in a.ensemble_of]
    if len({p["extra"] for p in parts}) != 1:
        sys.exit("--ensemble-of: the files were made with different --extra flags")
    tag = parts[0]["tag"] + "-ensemble"
    report = {"extra": parts[0]["extra"], "galen": a.galen, "tag": tag, "ensembleOf": a.ensemble_of, "datasets": {}}
    for name in sorted({n for p in parts for n in p["datasets"]}):
        members = sorted((r for p in parts for r in p["datasets"].get(name, {}).get("runs", [])), key=lambda r: r["seed"])
        seeds = [r["seed"] for r in members]
        if len(set(seeds)) != len(seeds):
            sys.exit(f"--ensemble-of: {name} has seed(s) {sorted({s for s in seeds if seeds.count(s) > 1})} more than once")
        size = a.ensemble_size or len(members)
        if size < 1 or len(members) % size:
            sys.exit(f"--ensemble-of: {len(members)} {name} runs do not make ensembles of {size}")
        labels = np.load(DATA[name])["val_labels"].reshape(-1)
        runs, all_probs = [], []
        for g in range(0, len(members), size):
            group = members[g:g + size]
            group_seeds = [r["seed"] for r in group]
            out_dir = f"runs/images/{parts[0]['tag']}-{name}-ensemble-seeds{'-'.join(map(str, group_seeds))}"
            cmd = [a.galen, "ensemble"] + [r["bundle"] for r in group] + ["--data", DATA[name], "--out", out_dir, "--json", "--quiet",
                                                                          "--gallery", "0", "--resamples", "100"]
            start = time.time()
            doc = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            v = doc["validation"]
            probs = predict(a.galen, f"{out_dir}/bundle", DATA[name], "val")
            all_probs.append(probs)
            run = {"seed": group_seeds[0], "seeds": group_seeds, "bundle": f"{out_dir}/bundle", "members": [r["bundle"] for r in group],
                   "seconds": round(sum(r["seconds"] for r in group), 1), "combineSeconds": round(time.time() - start, 1),
                   "threshold": v["threshold"], "valAUC": v["rocAUC"], "valAccuracy": v["accuracy"],
                   "valAccuracyAt05": v["accuracyAt05"], "memberValAUC": v["memberROCAUC"],
                   "bestEpoch": [r["bestEpoch"] for r in group], "epochsRun": [r["epochsRun"] for r in group]}
            check = roc_auc(probs, labels)
            if abs(check - run["valAUC"]) > 1e-3:
                sys.exit(f"--ensemble-of: galen's validation AUC {run['valAUC']:.4f} and the predictions' {check:.4f} disagree")
            runs.append(run)
            print(f"{name} ensemble of seeds {group_seeds}: val AUC {run['valAUC']:.4f} (members "
                  f"{', '.join(f'{x:.4f}' for x in run['memberValAUC'])}) acc {run['valAccuracy']:.4f} "
                  f"acc@0.5 {run['valAccuracyAt05']:.4f}", file=sys.stderr)
        summary = validation_summary(runs, all_probs, labels)
        report["datasets"][name] = {"runs": runs, "summary": summary,
                                    "command": f"{a.galen} ensemble BUNDLE... --data {DATA[name]} --out runs/images/"
                                               f"{parts[0]['tag']}-{name}-ensemble-seedsSEEDS"}
        print(f"{name}: {len(runs)} ensemble(s) of {size}: val AUC {summary['valAUC']['mean']:.4f} ± {summary['valAUC']['sd']:.4f}, "
              f"acc {summary['valAccuracy']['mean']:.4f}, acc@0.5 {summary['valAccuracyAt05']['mean']:.4f}")
    write_json(report, a.out)
    if a.record_in:
        record_validation(report, a.record_in, ["seed", "seeds", "seconds", "threshold", "valAUC", "valAccuracy", "valAccuracyAt05",
                                                "memberValAUC", "bestEpoch", "epochsRun"])


def record_validation(report, record_in, keep):
    """Stores a validation report's figures in the results file under validationCandidates.DATASET.TAG (validation
    figures of a candidate, never test figures)."""
    results = json.load(open(record_in)) if os.path.exists(record_in) else {"datasets": {}}
    for name, d in report["datasets"].items():
        results.setdefault("validationCandidates", {}).setdefault(name, {})[report["tag"]] = {
            "extra": report["extra"], "summary": d["summary"], "runs": [{k: r[k] for k in keep if k in r} for r in d["runs"]]}
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
            if "seeds" in v:  # an ensemble from --ensemble-of
                run.update({"seeds": v["seeds"], "members": v["members"], "memberValidationAUC": v["memberValAUC"]})
            for m in METRICS:
                run[m] = binary[m]["value"]
                run[m + "CI"] = [binary[m].get("lower"), binary[m].get("upper")]
            probs = predict(a.galen, bundle, DATA[name], "test")
            all_probs.append(probs)
            run["accuracyAt05"] = float(np.mean((probs >= 0.5) == (labels == 1)))
            runs.append(run)
            print(f"{name} {'ensemble of seeds ' + str(v['seeds']) if 'seeds' in v else f'seed {seed}'}: test AUC {run['rocAUC']:.4f} "
                  f"accuracy {run['accuracy']:.4f} at 0.5 {run['accuracyAt05']:.4f}", file=sys.stderr)
        mean = np.mean(all_probs, axis=0)
        command = d.get("command") or f"{chosen['galen']} train DATA --seed SEED --out runs/images/{chosen['tag']}-NAME-seedSEED {chosen['extra']}".strip()
        if "ensembleOf" in chosen:
            command += f"  (ensembles of bundles from: galen train DATA --seed SEED {chosen['extra']})"
        results["datasets"][name] = {"data": DATA[name], "command": command, "runs": runs, "summary": summarise(runs),
                                     "targets": TARGETS[name],
                                     # the mean probability of all runs (for --ensemble-of files, of all ensembles)
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
