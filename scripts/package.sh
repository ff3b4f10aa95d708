#!/usr/bin/env bash
# Builds Vigil and packs the zip a user installs: artifacts/vigil-anomaly-app-<version>.zip holding
# vigil-anomaly-app/ (the dist/ tree: the app, the nested data source with its Go backend for every platform the
# SDK's mage build supports, the nested panel).
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
# Every platform of the SDK's `build.BuildAll` (Magefile.go's default target): Grafana picks
# <executable>_<os>_<arch>[.exe] for the machine it runs on.
PLATFORMS=(linux/amd64 linux/arm64 linux/arm darwin/amd64 darwin/arm64 windows/amd64)
binaries=()
for platform in "${PLATFORMS[@]}"; do
  os=${platform%/*} arch=${platform#*/}
  bin="datasource/${EXE}_${os}_${arch}"
  [[ $os == windows ]] && bin+=".exe"
  [[ -f "dist/$bin" ]] || fail "dist/$bin is missing: run npm run build:backend (it builds every platform)"
  [[ -x "dist/$bin" ]] || fail "dist/$bin is not executable"
  # The Go build info names the target; a binary for the wrong platform under the right name is caught here.
  info=$(go version -m "dist/$bin") || fail "dist/$bin is not a Go binary"
  grep -q $'\tbuild\tGOOS='"$os"'$' <<<"$info" && grep -q $'\tbuild\tGOARCH='"$arch"'$' <<<"$info" ||
    fail "dist/$bin is not built for $os/$arch: $(grep -E 'GOOS|GOARCH' <<<"$info" | tr -s '\t\n' '  ')"
  binaries+=("$bin")
done
[[ -f dist/go_plugin_build_manifest ]] || fail "dist/go_plugin_build_manifest is missing: run npm run build:backend"

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
for bin in "${binaries[@]}"; do
  grep -E "^-rwx.* $PLUGIN_ID/$bin\$" <<<"$listing" >/dev/null || fail "$bin is not in $ZIP or lost its executable bit"
done
echo "package: ${#binaries[@]} backend binaries ($(IFS=' '; echo "${PLATFORMS[*]}")) checked in the zip" >&2

echo "$(pwd)/$ZIP"
