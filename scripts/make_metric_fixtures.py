#!/usr/bin/env python3
"""Write Tests/GalenClinicalTests/Fixtures/sklearn_metrics.json: scikit-learn's values of the metrics that
GalenClinical computes, on small seeded score/label sets (ties, imbalance, perfect separation, non-probability
scores, multiclass, regression). The Swift tests compare against these to 1e-6.

Run from anywhere:  python3 scripts/make_metric_fixtures.py
On first run it creates scripts/.venv-metrics (git-ignored) and installs scikit-learn and numpy there, then
re-runs itself inside that environment. The output is deterministic for a given scikit-learn/NumPy version.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv-metrics")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
OUT = os.path.join(ROOT, "Tests", "GalenClinicalTests", "Fixtures", "sklearn_metrics.json")


def ensure_venv():
    """Create the private environment and re-execute this script inside it."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(VENV_PYTHON):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "--quiet", "scikit-learn", "numpy"])
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


ensure_venv()

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score, average_precision_score, balanced_accuracy_score, brier_score_loss, classification_report,
    confusion_matrix, f1_score, mean_absolute_error, mean_squared_error, precision_recall_curve,
    precision_score, r2_score, recall_score, roc_auc_score, roc_curve,
)


def floats(a):
    return [float(x) for x in a]


def ints(a):
    return [int(x) for x in a]


def binary_case(name, scores, labels, threshold, probabilities=True):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    predicted = (scores >= threshold).astype(np.int64)
    tn, fp, fn, tp = confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    case = {
        "name": name,
        "scores": floats(scores),
        "labels": ints(labels),
        "threshold": float(threshold),
        "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
        "accuracy": float(accuracy_score(labels, predicted)),
        "sensitivity": float(recall_score(labels, predicted, pos_label=1, zero_division=np.nan)),
        "specificity": float(recall_score(labels, predicted, pos_label=0, zero_division=np.nan)),
        "ppv": float(precision_score(labels, predicted, pos_label=1, zero_division=np.nan)),
        "npv": float(precision_score(labels, predicted, pos_label=0, zero_division=np.nan)),
        "f1": float(f1_score(labels, predicted, pos_label=1, zero_division=np.nan)),
        "balanced_accuracy": float(balanced_accuracy_score(labels, predicted)),
        "roc_auc": float(roc_auc_score(labels, scores)),
        "average_precision": float(average_precision_score(labels, scores)),
    }
    for key in ("sensitivity", "specificity", "ppv", "npv", "f1"):
        if np.isnan(case[key]):
            case[key] = None
    fpr, tpr, thr = roc_curve(labels, scores)
    case["roc_curve"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr[1:])}
    fpr, tpr, thr = roc_curve(labels, scores, drop_intermediate=False)
    case["roc_curve_all"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr[1:])}
    precision, recall, thr = precision_recall_curve(labels, scores)
    case["pr_curve"] = {"precision": floats(precision), "recall": floats(recall), "thresholds": floats(thr)}
    if probabilities:
        case["brier"] = float(brier_score_loss(labels, scores))
        curves = {}
        for bins in (10, 5):
            prob_true, prob_pred = calibration_curve(labels, scores, n_bins=bins, strategy="uniform")
            # Bin counts and the expected calibration error, binned exactly as calibration_curve does.
            edges = np.linspace(0.0, 1.0, bins + 1)
            ids = np.searchsorted(edges[1:-1], scores)
            counts = np.bincount(ids, minlength=bins)
            nonzero = counts[counts != 0]
            ece = float(np.sum(nonzero / len(scores) * np.abs(prob_true - prob_pred)))
            curves[str(bins)] = {"prob_true": floats(prob_true), "prob_pred": floats(prob_pred),
                                 "counts": ints(nonzero), "ece": ece}
        case["calibration"] = curves
    else:
        case["brier"] = None
        case["calibration"] = None
    return case


def multiclass_case(name, probabilities, labels):
    probabilities = np.asarray(probabilities, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    k = probabilities.shape[1]
    predicted = np.argmax(probabilities, axis=1)
    report = classification_report(labels, predicted, labels=list(range(k)), output_dict=True, zero_division=0)
    return {
        "name": name,
        "class_count": k,
        "probabilities": floats(probabilities.ravel()),
        "labels": ints(labels),
        "predicted": ints(predicted),
        "confusion": [ints(row) for row in confusion_matrix(labels, predicted, labels=list(range(k)))],
        "accuracy": float(accuracy_score(labels, predicted)),
        "per_class": [{"precision": float(report[str(c)]["precision"]), "recall": float(report[str(c)]["recall"]),
                       "f1": float(report[str(c)]["f1-score"]), "support": int(report[str(c)]["support"])}
                      for c in range(k)],
        "macro": {key: float(report["macro avg"][src]) for key, src in
                  (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"))},
        "weighted": {key: float(report["weighted avg"][src]) for key, src in
                     (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"))},
        "roc_auc_ovr_macro": float(roc_auc_score(labels, probabilities, multi_class="ovr", average="macro")),
    }


def regression_case(name, predictions, targets):
    predictions = np.asarray(predictions, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64)
    mse = mean_squared_error(targets, predictions)
    return {"name": name, "predictions": floats(predictions), "targets": floats(targets),
            "mae": float(mean_absolute_error(targets, predictions)), "mse": float(mse),
            "rmse": float(np.sqrt(mse)), "r2": float(r2_score(targets, predictions))}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20240601)
    binary = []

    # Imbalanced (about 15% positive), scores rounded to 2 decimals so some tie.
    labels = (rng.random(200) < 0.15).astype(int)
    scores = np.clip(1 / (1 + np.exp(-(rng.normal(0, 1, 200) + 1.8 * labels - 1.2))), 0, 1).round(2)
    binary.append(binary_case("imbalanced_ties", scores, labels, 0.3))

    # Heavy ties on the calibration bin edges (scores are multiples of 0.1).
    labels = rng.integers(0, 2, 60)
    scores = np.clip(rng.integers(0, 11, 60) / 10 * 0.6 + labels * 0.4, 0, 1).round(1)
    binary.append(binary_case("edge_ties", scores, labels, 0.5))

    # Perfect separation.
    labels = np.array([0] * 12 + [1] * 8)
    scores = np.concatenate([rng.uniform(0.0, 0.45, 12), rng.uniform(0.55, 1.0, 8)])
    binary.append(binary_case("perfect_separation", scores, labels, 0.5))

    # Balanced, continuous probabilities, threshold above every score (no predicted positives).
    labels = rng.integers(0, 2, 40)
    scores = rng.beta(2 + 2 * labels, 4 - 2 * labels)
    binary.append(binary_case("no_predicted_positives", scores, labels, 1.01))

    # Scores that are not probabilities (logits): ranking metrics only.
    labels = rng.integers(0, 2, 50)
    scores = rng.normal(0, 2, 50) + 1.5 * labels
    binary.append(binary_case("logit_scores", scores, labels, 0.0, probabilities=False))

    multiclass = []
    labels = rng.integers(0, 3, 150)
    logits = rng.normal(0, 1, (150, 3))
    logits[np.arange(150), labels] += 1.2
    multiclass.append(multiclass_case("three_classes", softmax(logits), labels))

    # Four classes, class 3 is never the arg-max (zero_division path) but does occur.
    labels = np.concatenate([rng.integers(0, 3, 76), [3, 3, 3, 3]])
    logits = rng.normal(0, 1, (80, 4))
    logits[np.arange(80), np.minimum(labels, 2)] += 1.0
    logits[:, 3] -= 5
    multiclass.append(multiclass_case("never_predicted_class", softmax(logits), labels))

    regression = []
    targets = rng.normal(120, 15, 100)
    regression.append(regression_case("blood_pressure", targets + rng.normal(0, 8, 100), targets))
    targets = rng.uniform(0, 1, 30)
    regression.append(regression_case("poor_fit", rng.uniform(0, 1, 30), targets))

    document = {
        "generator": "scripts/make_metric_fixtures.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "binary": binary,
        "multiclass": multiclass,
        "regression": regression,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes) with scikit-learn {sklearn.__version__}")


if __name__ == "__main__":
    main()
