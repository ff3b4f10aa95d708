#!/usr/bin/env bash
# Runs Grafana's plugin validator (github.com/grafana/plugin-validator, plugincheck2) on the packaged zip with
# this checkout as source code, as the plugin review does. See docs/plugin-validator.md for what it needs and
# for the last recorded run.
# Usage: npm run validate              (packs the dist/ that is there: run npm run build && npm run build:backend)
#   PLUGINCHECK2=/path/to/plugincheck2  use a validator binary instead of `go run` from the Go module proxy
#   VALIDATOR_REF=<version or commit>    what `go run` fetches (default main)
# The validator's gosec, semgrep, govulncheck and clamav analyzers run only when those tools are on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

zip=$(bash scripts/package.sh --no-build)
if [[ -n "${PLUGINCHECK2:-}" ]]; then
  validator=("$PLUGINCHECK2")
else
  validator=(go run "github.com/grafana/plugin-validator/pkg/cmd/plugincheck2@${VALIDATOR_REF:-main}")
fi
for tool in gosec semgrep govulncheck clamscan; do
  command -v "$tool" >/dev/null || echo "validate: $tool is not on PATH; the validator skips its analyzer" >&2
done
echo "validate: ${validator[*]} -sourceCodeUri file://$PWD $zip" >&2
"${validator[@]}" -sourceCodeUri "file://$PWD" "$zip"
