#!/usr/bin/env bash
# Render a Galen report.html to a PNG with headless Chromium, so a person can check how it looks.
#
# Usage: scripts/render_report.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#   OUT.png defaults to REPORT.png beside the report; the window defaults to 1200x3000 (the page is cut at the
#   bottom if it is longer; pass a taller window, e.g. 1200x5000).
# Needs Debian's `chromium`; if it is missing and we are root, it is installed with apt-get.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 1
fi

report="$1"
if [[ ! -f "$report" ]]; then
    echo "render_report.sh: no such file: $report" >&2
    exit 2
fi
out="${2:-${report%.html}.png}"
size="${3:-1200x3000}"
if [[ ! "$size" =~ ^[0-9]+x[0-9]+$ ]]; then
    echo "render_report.sh: window size must look like 1200x3000, got: $size" >&2
    exit 1
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [[ -z "$browser" ]]; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "render_report.sh: installing chromium with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        browser=chromium
    else
        echo "render_report.sh: chromium not found; install it with: sudo apt-get install chromium" >&2
        exit 2
    fi
fi

absolute="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
out_dir="$(cd "$(dirname "$out")" && pwd)"
out_abs="$out_dir/$(basename "$out")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="${size/x/,}" --screenshot="$out_abs" "file://$absolute" >/dev/null 2>&1
if [[ ! -s "$out_abs" ]]; then
    echo "render_report.sh: chromium did not write $out_abs" >&2
    exit 2
fi
echo "$out_abs"
