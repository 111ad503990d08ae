#!/usr/bin/env bash
# Provides kustomize for the kustomize/ tests (tools/src/deploy/kustomize.test.ts), built from the Go
# module proxy (go install), pinned below. Idempotent: rebuilds only when missing or at another version.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.2

gobin="$(go env GOBIN 2>/dev/null || true)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"

# `go version -m` reads the module version from the binary (go-installed builds carry no ldflags version).
if ! go version -m "$gobin/kustomize" 2>/dev/null | grep -q "sigs.k8s.io/kustomize/kustomize/v5[[:space:]]*$KUSTOMIZE_VERSION"; then
  echo "kustomize.sh: building kustomize $KUSTOMIZE_VERSION with go install (a minute or two on 2 cores)"
  go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi
