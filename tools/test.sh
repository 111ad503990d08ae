#!/usr/bin/env bash
# The project's one test entry: `npm test` runs it, and .ci/run runs `npm ci && npm test`.
#   1. provisions the system packages the suites need (tools/provision.d/*.sh: redis-server, chromium,
#      helm, ...), installing what is missing when run as root, or failing with what to install;
#   2. builds every workspace (tsc -b), checks lint and formatting (biome);
#   3. runs the unit and service tests, then the system and browser tests (which start the whole
#      shop as real processes) one file at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "provisioning system packages"
for script in tools/provision.d/*.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done

step "building (tsc -b)"
npx tsc -b

step "lint and format (biome)"
npx biome check .

mapfile -t all_tests < <(find packages services frontend tools system-tests -path '*/node_modules' -prune -o -path '*/dist/*' -name '*.test.js' -print | sort)
unit_tests=() system_tests=()
for file in "${all_tests[@]}"; do
  case "$file" in
    *.cluster.test.js) ;; # a real Kubernetes on this host: npm run test:cluster, not part of npm test
    *.system.test.js | *.browser.test.js) system_tests+=("$file") ;;
    *) unit_tests+=("$file") ;;
  esac
done

step "unit and service tests (${#unit_tests[@]} files)"
node --test --test-concurrency=2 --test-timeout=120000 "${unit_tests[@]}"

if [ "${#system_tests[@]}" -gt 0 ]; then
  step "system and browser tests (${#system_tests[@]} files, one at a time)"
  node --test --test-concurrency=1 --test-timeout=300000 "${system_tests[@]}"
fi
