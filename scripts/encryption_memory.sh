#!/usr/bin/env bash
# Peak memory and time of `galen encrypt` / `galen decrypt` on a large random file: memory stays at a few MiB of
# buffers above the process baseline whatever the file size (chunks of 64 KiB are streamed).
#   bash scripts/encryption_memory.sh [MEGABYTES]   (default 1024; uses .build/release/galen if built, else debug)
set -euo pipefail
MB=${1:-1024}
G=.build/release/galen; [ -x "$G" ] || G=.build/debug/galen
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
"$G" keygen --out "$dir/k" >/dev/null
head -c $((MB * 1024 * 1024)) /dev/urandom > "$dir/plain"
for step in "encrypt $dir/plain --out $dir/plain.enc" "decrypt $dir/plain.enc --out $dir/back"; do
  /usr/bin/time -f "galen ${step%% *} ${MB} MiB: %e s, peak RSS %M KiB" "$G" $step --key-file "$dir/k" >/dev/null
done
cmp "$dir/plain" "$dir/back" && echo "round trip identical"
