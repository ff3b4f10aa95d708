#!/usr/bin/env bash
# Builds Vigil and packs the zip a user installs: artifacts/vigil-anomaly-app-<version>.zip holding
# vigil-anomaly-app/ (the dist/ tree: the app, the nested data source with its Go backend, the nested panel).
# Usage: npm run package            (builds frontend + backend first)
#        npm run package -- --no-build   (packs the dist/ that is already there, e.g. in CI after the builds)
set -euo pipefail
cd "$(dirname "$0")/.."

PLUGIN_ID=vigil-anomaly-app
VERSION=$(node -p "require('./package.json').version")
OUT_DIR=artifacts
ZIP="$OUT_DIR/$PLUGIN_ID-$VERSION.zip"

if [[ "${1:-}" != "--no-build" ]]; then
  npm run build
  npm run build:backend
fi

fail() { echo "package: $*" >&2; exit 1; }

# What Grafana needs to load all three plugins, checked before packing so a broken zip is never produced.
required=(
  plugin.json module.js img/logo.svg
  datasource/plugin.json datasource/module.js datasource/img/logo.svg
  panel/plugin.json panel/module.js panel/img/logo.svg
)
for f in "${required[@]}"; do
  [[ -f "dist/$f" ]] || fail "dist/$f is missing. Nested logos are copied by the root webpack.config.ts: the build script must be 'webpack -c ./webpack.config.ts --env production'."
done
grep -q '%VERSION%' dist/plugin.json dist/*/plugin.json && fail "a plugin.json in dist/ still has %VERSION%: the webpack build did not finish"
EXE=$(node -p "require('./src/datasource/plugin.json').executable")
BIN="dist/datasource/${EXE}_linux_amd64"
[[ -f "$BIN" ]] || fail "$BIN is missing: run npm run build:backend"
[[ -x "$BIN" ]] || fail "$BIN is not executable"

# Stage under the plugin id (the folder name Grafana installs into); zip keeps the Unix mode bits.
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -a dist "$STAGE/$PLUGIN_ID"
mkdir -p "$OUT_DIR"
rm -f "$ZIP"
(cd "$STAGE" && zip -qr -X "$OLDPWD/$ZIP" "$PLUGIN_ID")

# Verify the archive itself, not just the staging copy.
listing=$(zipinfo "$ZIP")
for f in "${required[@]}"; do
  grep -q " $PLUGIN_ID/$f\$" <<<"$listing" || fail "$f is not in $ZIP"
done
grep -E "^-rwx.* $PLUGIN_ID/datasource/${EXE}_linux_amd64\$" <<<"$listing" >/dev/null ||
  fail "the backend binary lost its executable bit in $ZIP"

echo "$(pwd)/$ZIP"
