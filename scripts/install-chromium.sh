#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (driven by playwright-core, which never
# downloads a browser of its own). Like install-dovecot.sh: root only, a no-op when present.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "install-chromium: $(chromium --version 2>/dev/null || echo chromium) already installed, nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: must run as root (apt-get install)" >&2
  exit 1
fi

started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# Other install scripts may hold the dpkg lock (dovecot, the JDK): wait for it, do not fail.
apt_opts=(-o DPkg::Lock::Timeout=600)
echo "install-chromium: apt-get update"
apt-get "${apt_opts[@]}" update -qq
echo "install-chromium: apt-get install -y --no-install-recommends chromium fonts-noto-cjk"
# fonts-noto-cjk: the pages are in Chinese; without a CJK font screenshots show boxes.
apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null

echo "install-chromium: installed $(chromium --version 2>/dev/null) in $(( $(date +%s) - started ))s"
