#!/usr/bin/env bash
# Provides /usr/bin/chromium (Debian's `chromium` package) for the browser tests (system-tests/), which
# drive it headless through playwright-core. Idempotent: does nothing when the binary is present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: /usr/bin/chromium is missing; install the Debian package 'chromium' (apt-get install chromium)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends keeps it to the browser itself; fonts-liberation gives pages (and their
# screenshots) readable text without pulling a desktop's worth of fonts.
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: installed 'chromium' but /usr/bin/chromium is not there" >&2
  exit 1
fi
