#!/usr/bin/env bash
# Load-independent cost of the free-text scanner, before vs after: builds the scanner sources of two git revisions
# (-O, whole module, without SwiftPM) into small benchmarks and counts the instructions of scanning every note of
# all corpora twice under callgrind (the count of a run with 0 repeats, lexicon loading, is subtracted). Revisions
# with the name tagger scan with it (its weights are read from the working tree); bench/deid/scan/tagger.sh
# compares the working tree with and without the tagger.
#   bash bench/deid/scan/scan.sh [BEFORE_REV] [AFTER_REV]     (defaults: main, HEAD; needs valgrind)
set -euo pipefail
root=$(git rev-parse --show-toplevel); cd "$root"
before=${1:-main}; after=${2:-HEAD}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work/notes.jsonl" <<'PY'
import glob, json, sys
with open(sys.argv[1], "w") as out:
    for f in ["data/deid-corpus/corpus.jsonl"] + sorted(glob.glob("data/deid-corpus/*/corpus.jsonl")):
        for line in open(f):
            out.write(json.dumps({"text": json.loads(line)["text"]}) + "\n")
PY
files="PHIScanner.swift PHISpan.swift PHIType.swift TextToken.swift Lexicon.swift DateValue.swift CivilDate.swift Checksums.swift"
for tag in before after; do
    rev=${!tag}; mkdir -p "$work/$tag"
    # The learned name tagger (and what it needs), in revisions that have it.
    extra=""
    for f in NameTagger.swift TokenFeatures.swift PrivacyError.swift AtomicOutputFile.swift; do
        if git cat-file -e "$rev:Sources/GalenPrivacy/NameTagger.swift" 2>/dev/null; then extra="$extra $f"; fi
    done
    for f in $files $extra $(git ls-tree --name-only "$rev" Sources/GalenPrivacy/ | xargs -n1 basename | grep '^ScanContext'); do
        git show "$rev:Sources/GalenPrivacy/$f" | sed 's/^import GalenData$//' > "$work/$tag/$f"
    done
    swiftc -O -wmo -module-name GalenPrivacyScanBench "$work/$tag"/*.swift bench/deid/scan/shim.swift bench/deid/scan/main.swift -o "$work/bench-$tag"
done
export GALEN_PRIVACY_SOURCES="$root/Sources/GalenPrivacy"
for tag in before after; do
    n0=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench-$tag" "$work/notes.jsonl" 0 2>&1 | awk '/Collected/ {print $4}')
    n2=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench-$tag" "$work/notes.jsonl" 2 2>&1 | awk '/Collected/ {print $4}')
    echo "$tag (${!tag}): $(( (n2 - n0) / 1000000 )) M instructions to scan the corpora twice"
done
