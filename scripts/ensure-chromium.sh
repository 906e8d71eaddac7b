#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (test/browser) when /usr/bin/chromium is missing.
# Idempotent and quiet: prints one line when it installs, nothing when chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: /usr/bin/chromium is missing and this user cannot install it (run as root)" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing Debian chromium (apt-get)…"
log="$(mktemp)"
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
/usr/bin/chromium --version
