#!/usr/bin/env python3
"""Trains Galen's image workflow on PneumoniaMNIST and BreastMNIST with three seeds each (official splits,
metrics on the test split) and writes docs/images-results.json plus a Markdown table on standard output.

Usage: python3 scripts/image_results.py [--galen .build/release/galen] [--seeds 1,2,3] [--datasets pneumoniamnist,breastmnist]
       python3 scripts/image_results.py --merge part1.json part2.json ... [--out docs/images-results.json]
Each run is `galen train DATA --seed S --out runs/images/NAME-seedS --json --quiet` with the default recipe.
--merge combines partial result files (runs made in parallel, one seed each) and recomputes the summaries.
"""
import argparse, json, os, statistics, subprocess, sys, time

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
    p.add_argument("--out", default="docs/images-results.json")
    p.add_argument("--merge", nargs="*", help="partial result files to combine instead of training")
    a = p.parse_args()
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
            manifest = json.load(open(f"runs/images/{name}-seed{seed}/bundle/manifest.json"))
            run["epochsRun"] = manifest["content"]["training"]["epochsRun"]
            run["bestEpoch"] = manifest["content"]["training"]["bestEpoch"]
            runs.append(run)
            print(f"{name} seed {seed}: AUC {run['rocAUC']:.4f} accuracy {run['accuracy']:.4f} ({seconds:.0f} s)", file=sys.stderr)
        results["datasets"][name] = {"data": DATA[name], "command": results["command"], "runs": runs,
                                     "summary": summarise(runs), "targets": TARGETS[name]}
    write(results, a.out)


def summarise(runs):
    summary = {}
    for m in METRICS + ["seconds"]:
        values = [r[m] for r in runs]
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
    print("| dataset | ROC AUC | accuracy | sensitivity | specificity | minutes per run | target AUC / acc |")
    print("|---|---|---|---|---|---|---|")
    for name, d in results["datasets"].items():
        s = d["summary"]
        cell = lambda m: f"{s[m]['mean']:.3f} ± {s[m]['sd']:.3f}"
        print(f"| {name} | {cell('rocAUC')} | {cell('accuracy')} | {cell('sensitivity')} | {cell('specificity')} | "
              f"{s['seconds']['mean'] / 60:.1f} | {d['targets']['rocAUC']} / {d['targets']['accuracy']} |")


if __name__ == "__main__":
    main()
