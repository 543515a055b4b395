#!/usr/bin/env bash
# Installs Dovecot (IMAP) for the integration tests, which start their own throwaway instances;
# the distribution's system service is left stopped and disabled so nothing else listens on 143.
set -euo pipefail

if command -v dovecot >/dev/null 2>&1 && command -v doveadm >/dev/null 2>&1; then
  echo "install-dovecot: dovecot $(dovecot --version) already installed, nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-dovecot: must run as root (apt-get install)" >&2
  exit 1
fi

started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive

# policy-rc.d exit 101 tells invoke-rc.d not to start services during the install; it is removed
# again afterwards unless one already existed (then it is left as we found it).
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  own_policy=yes
fi
cleanup() { if [ "$own_policy" = yes ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

echo "install-dovecot: apt-get update"
apt-get update -qq
echo "install-dovecot: apt-get install -y --no-install-recommends dovecot-imapd"
apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null

# Belt and braces: if the package still started or enabled the system service, undo that.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  echo "install-dovecot: stopping and disabling the system dovecot service"
  systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
else
  if [ -x /etc/init.d/dovecot ]; then
    /etc/init.d/dovecot stop >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    update-rc.d dovecot disable >/dev/null 2>&1 || true
  fi
fi
if [ -f /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
  echo "install-dovecot: a system dovecot is still running (pid $(cat /run/dovecot/master.pid)), stopping it"
  doveadm stop >/dev/null 2>&1 || kill "$(cat /run/dovecot/master.pid)" || true
fi

echo "install-dovecot: installed dovecot $(dovecot --version) in $(( $(date +%s) - started ))s"
