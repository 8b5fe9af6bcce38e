#!/usr/bin/env bash
# Load-independent cost of scanning the short cells of the 1-million-row benchmark table, before vs after: builds the
# scanner sources of two git revisions (-O, whole module, without SwiftPM; both with the name tagger, weights and
# word lists read from the working tree) and counts the instructions of scanning the 200,000 cells of 20,000 rows of
# bench/deid/make_data.py under callgrind, rules and tagger (the count of a run with 0 repeats, loading, is
# subtracted). Unlike `galen deid`, every cell is scanned (no per-batch cache of repeated values), so this is an
# upper bound for the benchmark.   bash bench/deid/scan/cells.sh [BEFORE_REV] [AFTER_REV]  (defaults: main, HEAD)
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
before=${1:-main}; after=${2:-HEAD}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import csv, json, subprocess, sys
work = sys.argv[1]
subprocess.run([sys.executable, "bench/deid/make_data.py", work + "/rows.csv", "20000"], check=True)
with open(work + "/cells.jsonl", "w") as out:
    for row in list(csv.reader(open(work + "/rows.csv")))[1:]:
        for c in row[1:]:
            out.write(json.dumps({"text": c}) + "\n")
PY
files="PHIScanner.swift PHISpan.swift PHIType.swift TextToken.swift Lexicon.swift DateValue.swift CivilDate.swift Checksums.swift
       NameTagger.swift TokenFeatures.swift PrivacyError.swift AtomicOutputFile.swift PHISpanSource.swift"
for tag in before after; do
    rev=${!tag}; mkdir -p "$work/$tag"
    for f in $files $(git ls-tree --name-only "$rev" Sources/GalenPrivacy/ | xargs -n1 basename | grep -E '^(ScanContext|OCRDigits|PlaceBridges|NameBridges|SpanWidening|TextLines)'); do
        git show "$rev:Sources/GalenPrivacy/$f" | sed 's/^import GalenData$//' > "$work/$tag/$f"
    done
    cp bench/deid/scan/tagger_main.swift "$work/$tag/main.swift"
    swiftc -O -wmo -module-name GalenPrivacyScanBench "$work/$tag"/*.swift bench/deid/scan/shim.swift -o "$work/bench-$tag"
done
export GALEN_PRIVACY_SOURCES="$root/Sources/GalenPrivacy"
for tag in before after; do
    n0=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench-$tag" "$work/cells.jsonl" 0 tagger 2>&1 | awk '/Collected/ {print $4}')
    n1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench-$tag" "$work/cells.jsonl" 1 tagger 2>&1 | awk '/Collected/ {print $4}')
    echo "$tag (${!tag}): $(( (n1 - n0) / 1000000 )) M instructions to scan 200,000 cells"
done
for k in 1 2 3; do for tag in before after; do echo -n "$tag: "; "$work/bench-$tag" "$work/cells.jsonl" 5 tagger; done; done
