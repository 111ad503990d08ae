#!/usr/bin/env bash
# Provides redis-server for the cartservice tests (they start their own redis-server on a free port
# and never rely on a system Redis service). Idempotent: does nothing when redis-server is present.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "redis.sh: redis-server is missing; install the Debian package 'redis-server' (apt-get install redis-server)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends keeps it to the server and its tools; policy-rc.d stops the package's
# postinst from starting a system service nobody asked for.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap 'if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
apt-get install -y -qq --no-install-recommends redis-server >/dev/null

if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "redis.sh: installed 'redis-server' but no redis-server binary was found" >&2
  exit 1
fi
