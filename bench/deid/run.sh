#!/usr/bin/env bash
# De-identification benchmark: 1,000,000 rows x 10 short text columns (+ a pseudonymised ID), release build.
# Usage: bench/deid/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-1000000}
DIR=${TMPDIR:-/tmp}/galen-deid-bench
mkdir -p "$DIR"
[ -f "$DIR/in-$ROWS.csv" ] || python3 bench/deid/make_data.py "$DIR/in-$ROWS.csv" "$ROWS"
swift build -c release --product galen >/dev/null
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/key"
ls -l "$DIR/in-$ROWS.csv"
/usr/bin/time -v .build/release/galen deid "$DIR/in-$ROWS.csv" --policy bench/deid/policy.yaml \
  --key-file "$DIR/key" --out "$DIR/out.csv" 2> "$DIR/time.txt"
grep -E "Elapsed|Maximum resident" "$DIR/time.txt"
head -3 "$DIR/out.csv"
