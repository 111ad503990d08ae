#!/usr/bin/env bash
# Provides what the deploy-artifact tests (tools/src/deploy/*.test.ts) need:
#   helm                 built from the Go module proxy (go install), pinned below
#   docker-compose       Debian's package (the v1 CLI: `docker-compose config` validates the file)
#   kubernetes-validate  from PyPI; it bundles the Kubernetes JSON schemas, so validation is offline
# Idempotent and quick on re-runs: each tool is installed only when missing or at another version.
set -euo pipefail

HELM_VERSION=v3.22.0
KUBERNETES_VALIDATE_VERSION=1.37.0

gobin="$(go env GOBIN 2>/dev/null || true)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
is_root() { [ "$(id -u)" -eq 0 ]; }

# helm: `go version -m` reads the module version from the binary (go-installed builds carry no ldflags version).
if ! go version -m "$gobin/helm" 2>/dev/null | grep -q "helm.sh/helm/v3[[:space:]]*$HELM_VERSION"; then
  echo "deploy.sh: building helm $HELM_VERSION with go install (a few minutes on 2 cores)"
  go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi

if ! command -v docker-compose >/dev/null 2>&1; then
  if ! is_root; then
    echo "deploy.sh: docker-compose is missing; install the Debian package 'docker-compose' (apt-get install docker-compose)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("kubernetes-validate"))' 2>/dev/null)" != "$KUBERNETES_VALIDATE_VERSION" ]; then
  python3 -m pip install -q --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
