#!/usr/bin/env bash
# Every test of the project, on a fresh machine: installs what it needs, then runs typecheck, lint, the
# TypeScript and Go suites (vectors, properties, contract) and the builds. .ci/run calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

step "install"
if ! command -v go >/dev/null; then
  echo "Go is required (go.mod names the version)" >&2
  exit 1
fi
# npm install, not npm ci: npm 11 leaves some optional platform packages (@swc/core-*) out of the lock file,
# which npm ci then rejects as out of sync. npm install still installs the locked versions.
npm install --no-audit --no-fund
go mod download

step "typecheck and lint"
npm run typecheck
npm run lint

step "generated docs are current"
node scripts/docs/detectors.mjs --check

step "TypeScript tests"
npm run test:ci

step "Go tests"
npm run test:go

step "frontend build"
npm run build
