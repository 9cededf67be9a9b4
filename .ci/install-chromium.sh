#!/bin/sh
# Installs Debian's chromium for the browser test (test/report-browser.test.ts), which drives it
# through playwright-core with executablePath /usr/bin/chromium. Idempotent: does nothing when the
# binary is already there. playwright's own browser download is deliberately not used (no network
# besides the OS package mirror).
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version || true
