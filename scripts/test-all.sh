#!/usr/bin/env bash
# Every test of the project, on a fresh machine: installs what it needs (Debian's prometheus and chromium, npm
# packages from the lock file, Go modules), then runs typecheck, lint, the TypeScript and Go suites (unit,
# vectors, properties, integration against a real Prometheus, the demo stack without Docker), gosec, the builds
# (every platform's backend), the package and the browser tests, and fails if it changed the work tree.
# .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

# The tests must leave the work tree as they found it (no rewritten lock file, screenshots or generated files).
tree_before=""
in_git=false
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  in_git=true
  tree_before=$(git status --porcelain)
fi

step "install"
if ! command -v go >/dev/null; then
  echo "Go is required (go.mod names the version)" >&2
  exit 1
fi
missing=()
for pair in prometheus:prometheus promtool:prometheus chromium:chromium zip:zip zipinfo:unzip; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# npm ci: exactly the committed lock file, which is never rewritten (the lock lists every platform's optional
# @swc/core-* package, so it is in sync on any machine).
npm ci --no-audit --no-fund
go mod download

step "typecheck and lint"
npm run typecheck
npm run lint

step "generated docs are current"
node scripts/docs/detectors.mjs --check

step "TypeScript tests (detectors, transformation, data source editors, panel, bench scorers)"
npm run test:ci

step "Go tests (detectors, backend against a real Prometheus, demo service and stack checks)"
npm run test:go

step "fuzz targets, 3 s each (npm run fuzz runs them for minutes)"
bash scripts/fuzz.sh 3s '^Fuzz(GroupEvents|Load|ParseDuration|DecodeMatrix|ReadLimited|Parse|Plan|Auto|Ensemble|ZScore|MAD|EWMA|HoltWinters|Seasonal|LevelShift|IsolationForest|PeerOutlier|Frames|CallResource)$'

step "gosec, HIGH severity, as Grafana's plugin validator runs it (v2.22.8, its pinned version)"
go run github.com/securego/gosec/v2/cmd/gosec@v2.22.8 -quiet -severity HIGH -r

step "frontend and backend builds"
npm run build
npm run build:backend

step "the shipped backend binary over the plugin protocol"
VIGIL_BACKEND_BINARY="$PWD/dist/datasource/gpx_vigil_anomaly_linux_amd64" \
  go test -count=1 -run TestBackendOverPluginProtocol ./pkg/plugin

step "package"
bash scripts/package.sh --no-build

step "browser tests (headless Chromium)"
npm run test:browser

step "the work tree is as the tests found it"
if $in_git; then
  tree_after=$(git status --porcelain)
  if [[ "$tree_after" != "$tree_before" ]]; then
    echo "the tests changed tracked or unignored files:" >&2
    diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
    exit 1
  fi
  echo "unchanged"
fi
