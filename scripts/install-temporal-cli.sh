#!/usr/bin/env bash
# Makes the Temporal CLI available: uses `temporal` on PATH, else builds the pinned version
# once into .tools/bin (git-ignored) with `go install`. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^ *cliVersion: *\(v[0-9.]*\).*/\1/p' temporal.yaml)
if [ -x .tools/bin/temporal ]; then
  echo "temporal CLI: .tools/bin/temporal ($(.tools/bin/temporal --version 2>/dev/null | head -1))"
  exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  echo "temporal CLI: $(command -v temporal) from PATH"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: neither 'temporal' nor 'go' is installed. Install the Temporal CLI (https://docs.temporal.io/cli)" >&2
  echo "       or Go 1.22+ so this script can build it, or point temporal.yaml / TEMPORAL_ADDRESS at a cluster." >&2
  exit 1
fi
echo "building the Temporal CLI ${version}: GOBIN=$PWD/.tools/bin go install github.com/temporalio/cli/cmd/temporal@${version} (takes minutes the first time)"
start=$(date +%s)
GOBIN="$PWD/.tools/bin" go install "github.com/temporalio/cli/cmd/temporal@${version}"
echo "built .tools/bin/temporal in $(( $(date +%s) - start )) s"
