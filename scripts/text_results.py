#!/usr/bin/env python3
"""Collects the ICD-10-CM chapter-classification runs of docs/text.md into docs/text-results.json.

Usage: python3 scripts/text_results.py RUN_DIR [RUN_DIR ...] > docs/text-results.json
Each RUN_DIR is a `galen train --out` folder (metrics.json, bundle/manifest.json). For every run it records the
data file and split sizes, the encoder, whether layers were fine-tuned, the run times, and for each evaluated model
(network and TF-IDF baseline) accuracy, macro ROC AUC and macro F1 with their 95% bootstrap intervals on the
held-out test split, plus the majority-class accuracy of that test split (from the confusion matrix).
"""
import json
import sys
from pathlib import Path


def estimate(e):
    return {"value": e.get("value"), "lower": e.get("lower"), "upper": e.get("upper")}


def run(folder):
    folder = Path(folder)
    metrics = json.loads((folder / "metrics.json").read_text())
    content = json.loads((folder / "bundle" / "manifest.json").read_text())["content"]
    models = []
    majority = None
    for m in metrics["models"]:
        mc = m["multiclass"]
        if majority is None:
            rows = [sum(r) for r in mc["confusionMatrix"]]
            majority = max(rows) / sum(rows)
        models.append({
            "name": m["name"],
            "accuracy": estimate(mc["accuracy"]),
            "macroROCAUC": estimate(mc["macroROCAUC"]),
            "macroF1": estimate(mc["macroF1"]),
        })
    t = content["training"]
    return {
        "run": folder.name,
        "data": content["trainingData"],
        "classes": len(content["classNames"]),
        "encoder": {k: content["encoder"][k] for k in ("name", "sha256", "maxLength")},
        "fineTuneLayers": content["fineTuneLayers"],
        "epochsRun": t["epochsRun"],
        "bestEpoch": t["bestEpoch"],
        "seconds": {"encoding": round(t["encodingSeconds"], 1), "training": round(t["trainingSeconds"], 1),
                    "total": round(t["seconds"], 1)},
        "majorityClassTestAccuracy": majority,
        "models": models,
    }


if __name__ == "__main__":
    json.dump({"task": "ICD-10-CM 2026 descriptions and inclusion terms -> chapter",
               "runs": [run(f) for f in sys.argv[1:]]}, sys.stdout, indent=2)
    print()
