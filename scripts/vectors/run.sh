#!/usr/bin/env bash
# Regenerates testdata/detectors/*.json from the independent Python references (numpy, pandas, scipy,
# statsmodels, scikit-learn), installed into .venv-ref with pip. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x .venv-ref/bin/python ]; then
  python3 -m venv .venv-ref
  .venv-ref/bin/pip install -q -r scripts/vectors/requirements.txt
fi
for script in scripts/vectors/*.py; do
  [ "$(basename "$script")" = common.py ] && continue
  .venv-ref/bin/python "$script"
done
