#!/usr/bin/env bash
# Repeats the test suite N times and prints failures per test: see scripts/repeat-suite.mjs.
#   bash scripts/repeat-suite.sh 5 [--hog] [--out DIR] [-- vitest args]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/repeat-suite.mjs "$@"
