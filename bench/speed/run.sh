#!/usr/bin/env bash
# npm run bench:speed [-- --json] [--detectors a,b] [--sizes 1e4,1e5,1e6,1000x1440]
#
# Points per second and peak memory of every detector in TypeScript (Node, ts-node --swc) and Go (a binary
# built from bench/speed/go), next to the same algorithms scripted in Python (pandas, statsmodels, scikit-learn,
# installed into .venv-bench from bench/speed/requirements.txt), all on the same data. Each case runs in a fresh
# process so its peak RSS is its own. Progress goes to stderr, the table (or JSON) to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."

json=""
detectors="auto ensemble zscore mad ewma holt_winters seasonal level_shift isolation_forest peer_outlier"
sizes="1e4 1e5 1e6 1000x1440"
python_detectors=" zscore mad ewma holt_winters isolation_forest "
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json="--json" ;;
    --detectors) detectors="${2//,/ }"; shift ;;
    --sizes) sizes="${2//,/ }"; shift ;;
    *) echo "bench:speed: unknown argument $1 (use --json, --detectors a,b, --sizes s1,s2)" >&2; exit 2 ;;
  esac
  shift
done

venv=.venv-bench
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r bench/speed/requirements.txt >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/speed-go" ./bench/speed/go
tsnode=node_modules/.bin/ts-node
"$tsnode" --swc bench/speed/data.ts "$work"

results="$work/results.jsonl"
for size in $sizes; do
  for det in $detectors; do
    echo "bench:speed: $det $size" >&2
    "$tsnode" --swc bench/speed/case.ts "$work" "$det" "$size" >>"$results"
    "$work/speed-go" bench/speed/sizes.json "$work" "$det" "$size" >>"$results"
    if [[ "$python_detectors" == *" $det "* ]]; then
      "$venv/bin/python" bench/speed/python/case.py bench/speed/sizes.json "$work" "$det" "$size" >>"$results"
    fi
  done
done
"$tsnode" --swc bench/speed/report.ts "$results" $json
