#!/usr/bin/env bash
# Everything the test suite needs besides node_modules: the Temporal CLI (dev server), for the
# mail tests Dovecot, for the browser tests Debian's chromium (both need root for apt). Run by
# `npm test` before vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-temporal-cli.sh
if command -v dovecot >/dev/null 2>&1; then
  echo "dovecot: $(dovecot --version)"
elif [ "$(id -u)" = 0 ]; then
  bash scripts/install-dovecot.sh
else
  echo "error: the mail tests need Dovecot; run 'sudo bash scripts/install-dovecot.sh' once" >&2
  exit 1
fi
if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "chromium: $(chromium --version 2>/dev/null)"
elif [ "$(id -u)" = 0 ]; then
  bash scripts/install-chromium.sh
else
  echo "error: the browser tests need chromium; run 'sudo bash scripts/install-chromium.sh' once" >&2
  exit 1
fi
if [ -f scripts/install-test-server.sh ]; then bash scripts/install-test-server.sh; fi
