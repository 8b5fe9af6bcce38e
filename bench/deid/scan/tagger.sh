#!/usr/bin/env bash
# Cost of the learned name tagger, load-independent: builds the working tree's scanner sources (-O, whole module,
# without SwiftPM) into one benchmark and counts the instructions of scanning (a) every note of all corpora twice
# and (b) the 200,000 short cells of 20,000 rows of the bench/deid table, with the rules alone and with the tagger
# (the count of a run with 0 repeats, loading lists and weights, is subtracted). Then times both, alternating.
#   bash bench/deid/scan/tagger.sh      (needs valgrind)
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import csv, glob, json, subprocess, sys
work = sys.argv[1]
with open(work + "/notes.jsonl", "w") as out:
    for f in ["data/deid-corpus/corpus.jsonl"] + sorted(glob.glob("data/deid-corpus/*/corpus.jsonl")):
        for line in open(f):
            out.write(json.dumps({"text": json.loads(line)["text"]}) + "\n")
subprocess.run([sys.executable, "bench/deid/make_data.py", work + "/rows.csv", "20000"], check=True)
with open(work + "/cells.jsonl", "w") as out:
    for row in list(csv.reader(open(work + "/rows.csv")))[1:]:
        for c in row[1:]:
            out.write(json.dumps({"text": c}) + "\n")
PY
mkdir -p "$work/src"
for f in PHIScanner.swift PHISpan.swift PHIType.swift TextToken.swift Lexicon.swift DateValue.swift CivilDate.swift \
         Checksums.swift NameTagger.swift TokenFeatures.swift PrivacyError.swift AtomicOutputFile.swift Sources/GalenPrivacy/ScanContext*.swift; do
    f=$(basename "$f"); sed 's/^import GalenData$//' "Sources/GalenPrivacy/$f" > "$work/src/$f"
done
cp bench/deid/scan/tagger_main.swift "$work/main.swift"  # top-level code must be in main.swift
swiftc -O -wmo -module-name GalenPrivacyScanBench "$work/src"/*.swift bench/deid/scan/shim.swift "$work/main.swift" -o "$work/bench"
export GALEN_PRIVACY_SOURCES="$root/Sources/GalenPrivacy"
for input in notes:2 cells:1; do
    file=${input%%:*}; reps=${input##*:}
    for mode in rules tagger; do
        n0=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench" "$work/$file.jsonl" 0 $mode 2>&1 | awk '/Collected/ {print $4}')
        n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench" "$work/$file.jsonl" $reps $mode 2>&1 | awk '/Collected/ {print $4}')
        echo "$file x$reps, $mode: $(( (n - n0) / 1000000 )) M instructions"
    done
done
for k in 1 2 3; do for mode in rules tagger; do "$work/bench" "$work/cells.jsonl" 5 $mode; done; done
