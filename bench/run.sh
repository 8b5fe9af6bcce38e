#!/usr/bin/env bash
# make bench [BENCH=gemm,mlp,csv,cnn,rnn,bert,serve]: Galen against PyTorch CPU (and, for csv, pandas.read_csv), same workloads, same run,
# same machine. Writes a table to stdout, bench/results.json and bench/RESULTS.md.
# PyTorch comes from bench/.venv, pinned to the CPU wheel torch==2.13.0+cpu (found in
# pip's local find-links folder on these machines). If it cannot be installed, the
# bench still reports Galen's figures and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
GROUPS_ARG="${1:-}"
[ -n "$GROUPS_ARG" ] || GROUPS_ARG="gemm,mlp"
IFS=',' read -r -a BENCH_GROUPS <<< "$GROUPS_ARG"
# serve: a server under load from wrk, against FastAPI (its own script and report).
if [ "$GROUPS_ARG" = serve ]; then exec bash bench/serve/run.sh; fi

echo "Building galen-bench (release)…" >&2
swift build -c release --product galen-bench >&2
swift build -c release --product galen-csv-bench >&2
BIN=.build/release/galen-bench

VENV=bench/.venv
TORCH_WHY=""
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import torch, pandas" 2>/dev/null; then
  echo "Installing PyTorch CPU (torch==2.13.0+cpu) into $VENV…" >&2
  if ! { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "torch==2.13.0+cpu" numpy pandas; } >bench/.venv-install.log 2>&1; then
    TORCH_WHY="PyTorch could not be installed: $(tail -n 1 bench/.venv-install.log)"
  fi
fi

REPEATS="${BENCH_REPEATS:-3}"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for g in "${BENCH_GROUPS[@]}"; do
  case "$g" in
    gemm) parts=(gemm) ;;
    mlp) parts=(mlp mlp-rss) ;;
    csv) parts=(csv) ;;
    bert) parts=(bert bert-rss)
      bash scripts/fetch_minilm.sh >&2
      # Hugging Face's BertModel for the PyTorch side (transformers from PyPI into bench/.venv).
      if [ -z "$TORCH_WHY" ] && ! "$VENV/bin/python" -c "import transformers" 2>/dev/null; then
        "$VENV/bin/pip" install -q transformers >>bench/.venv-install.log 2>&1 || TORCH_WHY="transformers could not be installed"
      fi ;;
    rnn) parts=(rnn rnn-rss) ;;
    cnn) parts=(cnn-28 cnn-150 resnet-28) ;;
    serve) echo "run BENCH=serve on its own (make bench BENCH=serve)" >&2; exit 1 ;;
    *) echo "unknown bench group '$g' (known: gemm, mlp, csv, cnn, rnn, bert, serve)" >&2; exit 1 ;;
  esac
  for p in "${parts[@]}"; do
    if [ "$p" = csv ]; then
      # 1,000,000 rows x 20 numeric columns, generated once under /tmp by galen-csv-bench.
      CSV_ROWS=1000000; CSV_FILE=/tmp/galen-csv-bench-${CSV_ROWS}x20.csv
      echo "Running csv: Galen…" >&2
      .build/release/galen-csv-bench "$CSV_ROWS" 20 "$CSV_FILE" --json >>"$OUT/galen.jsonl"
      if [ -z "$TORCH_WHY" ]; then
        echo "Running csv: pandas…" >&2
        "$VENV/bin/python" bench/torch_bench.py csv "$CSV_FILE" "$CSV_ROWS" >>"$OUT/torch.jsonl" || TORCH_WHY="the pandas CSV run failed"
      fi
      continue
    fi
    # Figures vary from process to process on shared machines (for both sides alike), so each side runs
    # REPEATS times, alternating, and report.py keeps the median.
    for r in $(seq 1 "$REPEATS"); do
      echo "Running $p ($r/$REPEATS): Galen…" >&2
      "$BIN" "$p" >>"$OUT/galen.jsonl"
      if [ -z "$TORCH_WHY" ]; then
        echo "Running $p ($r/$REPEATS): PyTorch…" >&2
        "$VENV/bin/python" bench/torch_bench.py "$p" >>"$OUT/torch.jsonl" || TORCH_WHY="the PyTorch script failed on $p"
      fi
    done
  done
done
touch "$OUT/torch.jsonl"
python3 bench/report.py "$OUT/galen.jsonl" "$OUT/torch.jsonl" "make bench BENCH=$GROUPS_ARG" "$TORCH_WHY"
