#!/usr/bin/env bash
# Installs h2load (Debian's nghttp2-client) for `npm run bench currency`, the C load generator that
# speaks gRPC framing. Benchmarks only (so not in tools/provision.d, which the tests run). Idempotent.
set -euo pipefail

if command -v h2load >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "bench: h2load is missing; install it with: sudo apt-get install -y nghttp2-client" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Other provisioning scripts may be running apt at the same time: wait for the dpkg lock.
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
apt_get install -y -q nghttp2-client >/dev/null 2>&1 || { apt_get update -q >/dev/null && apt_get install -y -q nghttp2-client >/dev/null; }
command -v h2load >/dev/null
