#!/usr/bin/env bash
# make bench BENCH=serve: single-row predictions of the WDBC model over loopback, measured with wrk.
# Galen (`galen serve`, API key checked, SQLite audit on: every answer waits for its audit record's commit) side
# by side with the usual Python deployment of the same network: FastAPI on uvicorn (one worker per core) serving
# the PyTorch MLP with the same weights (bench/serve/fastapi_app.py). Runs alternate Galen/FastAPI,
# SERVE_RUNS times (default 2) for SERVE_SECONDS each (default 15) after a 3 s warm-up, with SERVE_CONNECTIONS
# connections (default 16) from one wrk thread; medians are reported.
# Writes bench/serve/results.json and bench/serve/RESULTS.md, and the same table into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${SERVE_RUNS:-2}"
SECONDS_PER_RUN="${SERVE_SECONDS:-15}"
CONNECTIONS="${SERVE_CONNECTIONS:-16}"
WORKERS="${SERVE_FASTAPI_WORKERS:-$(nproc)}"
SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )

if ! command -v wrk >/dev/null; then
  echo "Installing wrk with apt-get…" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import torch, fastapi, uvicorn, safetensors" 2>/dev/null; then
  echo "Installing torch==2.13.0+cpu, fastapi, uvicorn and safetensors into $VENV…" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "torch==2.13.0+cpu" numpy safetensors fastapi uvicorn >bench/.venv-install.log 2>&1 \
    || { echo "cannot install the FastAPI side: $(tail -n 1 bench/.venv-install.log)" >&2; exit 1; }
fi

# GALEN_BIN: use an already built galen (skips the release build).
GALEN="${GALEN_BIN:-.build/release/galen}"
if [ -z "${GALEN_BIN:-}" ]; then
  echo "Building galen (release)…" >&2
  swift build -c release --product galen >&2
fi

WORK=$(mktemp -d /tmp/galen-serve-bench.XXXXXX)
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

echo "Training the WDBC model (galen train)…" >&2
"$GALEN" train data/wdbc/breast_cancer_wdbc.csv --target diagnosis --name wdbc --out "$WORK/run" --resamples 100 --quiet >&2
BUNDLE="$WORK/run/bundle"
DB="$WORK/audit.sqlite"
KEY=$("$GALEN" keys create --role predict --label bench --audit-db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
# One record: the first row of the data without its target.
python3 - "$WORK/body.json" <<'PY'
import csv, json, sys
with open("data/wdbc/breast_cancer_wdbc.csv") as f:
    row = next(csv.DictReader(f))
row.pop("diagnosis")
json.dump({"records": [{k: float(v) for k, v in row.items()}]}, open(sys.argv[1], "w"))
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {  # waits (bounded) until something answers on port $1
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited" >&2; return 1; }
    sleep 0.1
  done
  echo "the server did not answer on port $1" >&2; return 1
}
start_galen() {
  PORT=$(free_port)
  "$GALEN" serve "$BUNDLE" --port "$PORT" --audit-db "$DB" --watch-interval 0 2>"$WORK/galen.log" &
  SERVER_PID=$!
  wait_port "$PORT"
  URL="http://127.0.0.1:$PORT/v1/models/wdbc/predict"; API_KEY="$KEY"
}
start_fastapi() {
  PORT=$(free_port)
  GALEN_BUNDLE="$BUNDLE" "$VENV/bin/python" -m uvicorn bench.serve.fastapi_app:app --host 127.0.0.1 --port "$PORT" \
    --workers "$WORKERS" --no-access-log --log-level warning 2>"$WORK/fastapi.log" &
  SERVER_PID=$!
  wait_port "$PORT"
  URL="http://127.0.0.1:$PORT/predict"; API_KEY=""
}
measure() {  # side, run: warm up, then one measured wrk run appended to $WORK/runs.jsonl
  WRK_BODY_FILE="$WORK/body.json" WRK_API_KEY="$API_KEY" wrk -t1 -c"$CONNECTIONS" -d3s -s bench/serve/wrk_post.lua "$URL" >/dev/null
  WRK_BODY_FILE="$WORK/body.json" WRK_API_KEY="$API_KEY" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s \
    -s bench/serve/wrk_post.lua "$URL" >"$WORK/wrk.out"
  python3 -c 'import json,sys; d=json.loads(sys.argv[3]); d["side"]=sys.argv[1]; d["run"]=int(sys.argv[2]); print(json.dumps(d))' \
    "$1" "$2" "$(grep '^WRKJSON ' "$WORK/wrk.out" | cut -d' ' -f2-)" >>"$WORK/runs.jsonl"
}

# Both sides must give the same answer for the same record (same weights, same preprocessing).
start_galen
curl -s -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data @"$WORK/body.json" "$URL" >"$WORK/galen.json"
stop_server
start_fastapi
curl -s -H 'Content-Type: application/json' --data @"$WORK/body.json" "$URL" >"$WORK/fastapi.json"
stop_server
python3 - "$WORK/galen.json" "$WORK/fastapi.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))["predictions"][0]; f = json.load(open(sys.argv[2]))["predictions"][0]
diff = max(abs(g["probabilities"][k] - f["probabilities"][k]) for k in g["probabilities"])
print(f"same record: Galen {g['label']} {g['probabilities']}, FastAPI {f['label']} (max difference {diff:.2e})", file=sys.stderr)
if g["label"] != f["label"] or diff > 1e-4:
    sys.exit("Galen and FastAPI disagree on the same record: the comparison would not be of the same model")
PY

for r in $(seq 1 "$RUNS"); do
  echo "Run $r/$RUNS: Galen (${SECONDS_PER_RUN}s, $CONNECTIONS connections)…" >&2
  start_galen; measure galen "$r"; stop_server
  echo "Run $r/$RUNS: FastAPI/uvicorn ($WORKERS workers)…" >&2
  start_fastapi; measure fastapi "$r"; stop_server
done
AUDITED=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit").fetchone()[0])' "$DB")
python3 bench/serve/report.py "$WORK/runs.jsonl" "$AUDITED" "make bench BENCH=serve" "$CONNECTIONS" "$SECONDS_PER_RUN" "$WORKERS"
