#!/usr/bin/env bash
# make demo: the main job on the bundled WDBC data (569 real breast-mass diagnoses):
# train the network and its logistic-regression baseline, evaluate the saved bundle on the
# held-out test rows, write the report, and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
GALEN=.build/release/galen
OUT=runs/wdbc
$GALEN info
echo
echo "== galen train data/wdbc/breast_cancer_wdbc.csv --target diagnosis --out $OUT"
$GALEN train data/wdbc/breast_cancer_wdbc.csv --target diagnosis --out "$OUT"
echo
echo "== galen evaluate $OUT/bundle $OUT/test.csv"
$GALEN evaluate "$OUT/bundle" "$OUT/test.csv" --out "$OUT/evaluation"
echo
echo "== galen predict $OUT/bundle $OUT/test.csv --out $OUT/predictions.csv"
$GALEN predict "$OUT/bundle" "$OUT/test.csv" --out "$OUT/predictions.csv"
echo
echo "Open $OUT/report.html in a browser for curves, calibration and the confusion matrix."
