#!/bin/sh
# Starts the demo's Prometheus with a backfilled history: on the first start (no marker in the data directory)
# it waits for the history file the demo service writes (DEMO_HISTORY_FILE), loads it with promtool's backfill
# (`promtool tsdb create-blocks-from openmetrics`), then runs Prometheus on that data directory.
# Used by docker-compose.yaml (inside the prom/prometheus image: busybox sh) and by scripts/server-local.sh.
#
# Usage: prometheus-start.sh HISTORY_FILE DATA_DIR [prometheus flags…]
#   VIGIL_HISTORY_WAIT  seconds to wait for the history file (default 300); after that Prometheus starts empty
set -eu
history=$1
data=$2
shift 2
wait=${VIGIL_HISTORY_WAIT:-300}
marker="$data/.vigil-backfilled"

if [ ! -e "$marker" ]; then
  waited=0
  while [ ! -e "$history" ] && [ "$waited" -lt "$wait" ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if [ -e "$history" ]; then
    echo "prometheus-start: backfilling $history into $data" >&2
    mkdir -p "$data"
    # Blocks of up to a day keep a week to a handful of blocks (the default 2h would make 84).
    promtool tsdb create-blocks-from openmetrics --max-block-duration=24h "$history" "$data" >/dev/null
    touch "$marker"
    echo "prometheus-start: backfill done" >&2
  else
    echo "prometheus-start: no history at $history after ${wait}s; starting without one" >&2
  fi
fi
exec prometheus --storage.tsdb.path="$data" "$@"
