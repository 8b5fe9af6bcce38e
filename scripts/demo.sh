#!/usr/bin/env bash
# make demo: the seed recipe on the bundled WDBC data with per-epoch progress.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/galen info
echo
swift test --filter WDBCRecipeTests 2>&1 | grep -E "WDBC|passed|failed"
