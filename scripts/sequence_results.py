#!/usr/bin/env python3
"""Runs the patient-history sequence task on Eunomia and writes docs/sequences-results.json.

Task: from each patient's OMOP history up to 2000-01-01 (at least 365 days observed before), predict whether
osteoarthritis (concept 80180 and its descendants) is first recorded within the following 365 days; patients with
it before the index are excluded. For each architecture (lstm, gru, transformer) and seed, `galen train` trains the
network and the logistic-regression baseline on bag-of-codes counts on the same split and reports test ROC AUC with
a 95% bootstrap interval.

Usage: python3 scripts/sequence_results.py [--galen .build/release/galen] [--data /work/shared/data/eunomia]
                                           [--seeds 1,2,3] [--archs lstm,gru,transformer] [--out runs/sequences] [--merge]
       python3 scripts/sequence_results.py --combine A.json B.json      (merge results files into --results)
Standard library only. Build first: swift build -c release --product galen
"""
import argparse, json, os, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("--galen", default=".build/release/galen")
p.add_argument("--data", default="/work/shared/data/eunomia")
p.add_argument("--seeds", default="1,2,3")
p.add_argument("--archs", default="lstm,gru,transformer")
p.add_argument("--out", default="runs/sequences")
p.add_argument("--results", default="docs/sequences-results.json")
p.add_argument("--extra", default="", help="extra galen train arguments, space-separated")
p.add_argument("--merge", action="store_true", help="keep the runs of --results that this call does not redo")
p.add_argument("--combine", nargs="*", default=None, help="run nothing: merge these results files into --results")
a = p.parse_args()

TASK = ["--outcome-concept", "80180", "--index-date", "2000-01-01", "--prior-days", "365", "--horizon-days", "365",
        "--test-fraction", "0.3", "--validation-fraction", "0.2", "--resamples", "1000"]
runs = []
if a.combine is not None:
    for f in a.combine:
        runs += json.load(open(f))["runs"]
    a.seeds = ""
for seed in [int(s) for s in a.seeds.split(",") if s]:
    for arch in a.archs.split(","):
        out = os.path.join(a.out, f"{arch}-seed{seed}")
        cmd = [a.galen, "train", a.data, "--arch", arch, "--seed", str(seed), "--out", out, "--json", "--quiet"] + TASK + a.extra.split()
        t0 = time.time()
        r = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.time() - t0
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
        summary = json.loads(r.stdout)
        manifest = json.load(open(os.path.join(out, "bundle", "manifest.json")))
        content = manifest["content"]
        models = {}
        for m in summary["metrics"]["models"]:
            b = m["binary"]
            models["baseline" if m["isBaseline"] else "network"] = {
                "name": m["name"],
                "rocAUC": b["rocAUC"]["value"], "rocAUCLower": b["rocAUC"]["lower"], "rocAUCUpper": b["rocAUC"]["upper"],
                "prAUC": b["prAUC"]["value"], "brierScore": b["brierScore"]["value"],
            }
        d = content["trainingData"]
        runs.append({"architecture": arch, "seed": seed, "seconds": round(seconds, 1),
                     "epochsRun": content["training"]["epochsRun"], "bestEpoch": content["training"]["bestEpoch"],
                     "cohortSize": d["cohortSize"], "positives": d["positives"], "splitSizes": d["splitSizes"],
                     "exclusions": d["exclusions"], "vocabularySize": content["network"]["vocabularySize"], **models})
        n, bl = models["network"], models["baseline"]
        print(f"{arch:12s} seed {seed}: network AUC {n['rocAUC']:.3f} [{n['rocAUCLower']:.3f}, {n['rocAUCUpper']:.3f}]  "
              f"baseline {bl['rocAUC']:.3f} [{bl['rocAUCLower']:.3f}, {bl['rocAUCUpper']:.3f}]  {seconds:.0f} s", flush=True)

if a.combine is not None:
    runs.sort(key=lambda r: (r["seed"], ["lstm", "gru", "transformer"].index(r["architecture"])))
if a.merge and os.path.exists(a.results):
    done = {(r["architecture"], r["seed"]) for r in runs}
    runs = [r for r in json.load(open(a.results))["runs"] if (r["architecture"], r["seed"]) not in done] + runs
    runs.sort(key=lambda r: (r["seed"], ["lstm", "gru", "transformer"].index(r["architecture"])))
doc = {"task": "Eunomia (OMOP CDM): osteoarthritis (80180 + descendants) within 365 days after 2000-01-01; "
               "≥ 365 days prior observation; prevalent cases excluded; negatives observed for the whole year",
       "command": "galen train " + a.data + " --arch ARCH --seed SEED " + " ".join(TASK) + (" " + a.extra if a.extra else ""),
       "runs": runs}
tmp = a.results + ".tmp"
with open(tmp, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
os.replace(tmp, a.results)
print("wrote", a.results)
