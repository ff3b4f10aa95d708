#!/usr/bin/env bash
# npm run server:local — the demo stack without Docker, for a machine with Grafana installed (package or tarball):
#   1. builds and starts the demo service on 127.0.0.1, which first simulates a week of history (DEMO_HISTORY);
#   2. backfills that week into a fresh Prometheus with promtool and starts it on 127.0.0.1
#      (demo/prometheus-start.sh, the same script the Docker stack runs; any prometheus/promtool on PATH);
#   3. starts the local Grafana with its own data directory under work/local/, the built plugin (dist/), the
#      project's provisioning (provisioning/) and VIGIL_PROMETHEUS_URL pointing at that Prometheus;
#   4. prints the URL to open. Ctrl-C stops all three.
# Nothing of the machine's own Grafana setup is changed: no grafana.ini, no plugin folder, no database.
#
# Usage: npm run server:local [-- --no-grafana | --print-grafana-env]
#   --no-grafana         steps 1 and 2 only (e.g. to point another Grafana at the Prometheus)
#   --print-grafana-env  print the Grafana command and environment step 3 would use, and exit
# Settings (environment): GRAFANA_HOME (a Grafana directory with conf/defaults.ini; found on PATH otherwise),
#   GRAFANA_PORT (3000), VIGIL_PROMETHEUS_PORT (9090), VIGIL_DEMO_PORT (8080), VIGIL_LOCAL_DIR (work/local),
#   DEMO_HISTORY (168h) and the other DEMO_* settings of cmd/demo-service.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

GRAFANA_PORT=${GRAFANA_PORT:-3000}
PROM_PORT=${VIGIL_PROMETHEUS_PORT:-9090}
DEMO_PORT=${VIGIL_DEMO_PORT:-8080}
WORK=${VIGIL_LOCAL_DIR:-$ROOT/work/local}
DASHBOARD_UID=$(node -p "require('./provisioning/dashboards/json/vigil-demo.json').uid")
PLUGIN_ID=$(node -p "require('./src/plugin.json').id")
PLUGIN_IDS=$(node -p "['', 'datasource/', 'panel/'].map((d) => require('./src/' + d + 'plugin.json').id).join(',')")
DATASOURCE_ID=$(node -p "require('./src/datasource/plugin.json').id")

mode=run
case "${1:-}" in
  "") ;;
  --no-grafana) mode=no-grafana ;;
  --print-grafana-env) mode=print-env ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac

fail() { echo "server:local: $*" >&2; exit 1; }
say() { echo "server:local: $*"; }

# Grafana: GRAFANA_HOME, else `grafana` / `grafana-server` on PATH (a tarball's bin/ next to conf/defaults.ini,
# or a package's binary with its home in /usr/share/grafana), else the package's /usr/share/grafana.
GRAFANA_HOMEPATH="" GRAFANA_BIN=""
find_grafana() {
  local home bin name
  if [[ -n "${GRAFANA_HOME:-}" ]]; then
    [[ -f "$GRAFANA_HOME/conf/defaults.ini" ]] || fail "GRAFANA_HOME=$GRAFANA_HOME has no conf/defaults.ini (a Grafana tarball's or package's home directory)"
    for name in grafana grafana-server; do
      [[ -x "$GRAFANA_HOME/bin/$name" ]] && { GRAFANA_HOMEPATH=$GRAFANA_HOME GRAFANA_BIN=$GRAFANA_HOME/bin/$name; return 0; }
    done
    fail "GRAFANA_HOME=$GRAFANA_HOME has no bin/grafana or bin/grafana-server"
  fi
  for name in grafana grafana-server; do
    bin=$(command -v "$name" 2>/dev/null) || continue
    bin=$(readlink -f "$bin")
    for home in "$(dirname "$(dirname "$bin")")" /usr/share/grafana; do
      [[ -f "$home/conf/defaults.ini" ]] && { GRAFANA_HOMEPATH=$home GRAFANA_BIN=$bin; return 0; }
    done
  done
  if [[ -x /usr/share/grafana/bin/grafana && -f /usr/share/grafana/conf/defaults.ini ]]; then
    GRAFANA_HOMEPATH=/usr/share/grafana GRAFANA_BIN=/usr/share/grafana/bin/grafana
    return 0
  fi
  return 1
}

# What Grafana gets: everything through GF_* variables (they override conf/defaults.ini), so the machine's own
# grafana.ini, plugins and database stay untouched. provisioning/ reads VIGIL_PROMETHEUS_URL and
# GF_PATHS_PROVISIONING (see provisioning/datasources/datasources.yml and dashboards/dashboards.yml).
grafana_env() {
  cat <<ENV
GF_PATHS_DATA=$WORK/grafana/data
GF_PATHS_LOGS=$WORK/grafana/logs
GF_PATHS_PLUGINS=$WORK/grafana/plugins
GF_PATHS_PROVISIONING=$ROOT/provisioning
GF_SERVER_HTTP_ADDR=127.0.0.1
GF_SERVER_HTTP_PORT=$GRAFANA_PORT
GF_AUTH_ANONYMOUS_ENABLED=true
GF_AUTH_ANONYMOUS_ORG_ROLE=Admin
GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=$PLUGIN_IDS
GF_LOG_FILTERS=plugin.$PLUGIN_ID:debug,plugin.$DATASOURCE_ID:debug
VIGIL_PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT
ENV
}

# Grafana 10+ ships one `grafana` binary (`grafana server`); older packages have `grafana-server`.
grafana_command() {
  if [[ "$(basename "$GRAFANA_BIN")" == grafana ]]; then
    GRAFANA_CMD=("$GRAFANA_BIN" server --homepath "$GRAFANA_HOMEPATH")
  else
    GRAFANA_CMD=("$GRAFANA_BIN" --homepath "$GRAFANA_HOMEPATH")
  fi
}

NO_GRAFANA="no Grafana found. Install one (https://grafana.com/grafana/download: the .deb/.rpm package or the
  standalone tarball, version 12.3 or later), then put its bin/ on PATH or set GRAFANA_HOME to its directory."

if [[ $mode == print-env ]]; then
  if find_grafana; then grafana_command && echo "GRAFANA_COMMAND=${GRAFANA_CMD[*]}"; else
    echo "GRAFANA_COMMAND="
    echo "server-local: no Grafana found (GRAFANA_HOME, grafana or grafana-server on PATH, /usr/share/grafana): set GRAFANA_HOME to a Grafana tarball's or package's home directory" >&2
  fi
  grafana_env
  exit 0
fi

# --- prerequisites, all checked before anything starts ---
for tool in go node prometheus promtool; do
  command -v "$tool" >/dev/null || case $tool in
    prometheus | promtool) fail "$tool is not on PATH. Debian/Ubuntu: sudo apt-get install prometheus; or unpack a Prometheus release and put it on PATH" ;;
    *) fail "$tool is not on PATH" ;;
  esac
done
if [[ $mode == run ]]; then
  find_grafana || fail "$NO_GRAFANA"
  exe=$(node -p "require('./src/datasource/plugin.json').executable")_$(go env GOOS)_$(go env GOARCH)
  [[ -f dist/module.js && -x dist/datasource/$exe ]] ||
    fail "the plugin is not built (dist/module.js, dist/datasource/$exe): run npm run build && npm run build:backend"
fi
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=("$DEMO_PORT:VIGIL_DEMO_PORT" "$PROM_PORT:VIGIL_PROMETHEUS_PORT")
[[ $mode == run ]] && ports+=("$GRAFANA_PORT:GRAFANA_PORT")
for p in "${ports[@]}"; do
  port_in_use "${p%%:*}" && fail "port ${p%%:*} on 127.0.0.1 is in use (a running Grafana or Prometheus?); set ${p#*:} to another port"
done

# http_ok PORT PATH: true when 127.0.0.1:PORT answers PATH with 200 (plain bash, no curl needed).
http_ok() {
  local status
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3 && head -n1 <&3) 2>/dev/null) || return 1
  [[ $status == *" 200 "* ]]
}
# wait_for NAME PORT PATH SECONDS PID: waits for a 200, failing early if the process died.
wait_for() {
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    http_ok "$2" "$3" && return 0
    kill -0 "$5" 2>/dev/null || fail "$1 exited; see its log in $WORK"
    sleep 0.5
  done
  fail "$1 did not answer on 127.0.0.1:$2$3 within $4 s; see its log in $WORK"
}

pids=()
stop() {
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$WORK"
mkdir -p "$WORK"

# 1. The demo service: a week of history first, then live metrics. Its defaults are the demo stack's settings
#    (docker-compose.yaml sets the same; demo/stack_test.go checks they agree).
say "building the demo service"
go build -o "$WORK/demo-service" ./cmd/demo-service
DEMO_LISTEN=127.0.0.1:$DEMO_PORT DEMO_HISTORY=${DEMO_HISTORY:-168h} DEMO_HISTORY_FILE=$WORK/history.om \
  DEMO_HISTORY_INSTANCE=127.0.0.1:$DEMO_PORT "$WORK/demo-service" >"$WORK/demo-service.log" 2>&1 &
pids+=($!)
demo_pid=$!
say "demo service: simulating ${DEMO_HISTORY:-168h} of history (log: $WORK/demo-service.log)"

# 2. Prometheus, scraping the demo service on loopback as job demo-service (the job the dashboard and the
#    alert rules select), started on the backfilled history.
cat >"$WORK/prometheus.yml" <<YAML
# Written by scripts/server-local.sh: provisioning/prometheus/prometheus.yml with loopback targets.
global:
  scrape_interval: 15s
  evaluation_interval: 15s
scrape_configs:
  - job_name: demo-service
    static_configs:
      - targets: ['127.0.0.1:$DEMO_PORT']
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROM_PORT']
YAML
sh demo/prometheus-start.sh "$WORK/history.om" "$WORK/prometheus-data" --config.file="$WORK/prometheus.yml" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time=15d >"$WORK/prometheus.log" 2>&1 &
pids+=($!)
wait_for "the demo service" "$DEMO_PORT" /healthz 300 "$demo_pid"
say "demo service: http://127.0.0.1:$DEMO_PORT/metrics"
wait_for Prometheus "$PROM_PORT" /-/ready 300 "${pids[1]}"
say "Prometheus: http://127.0.0.1:$PROM_PORT (a week of history backfilled; log: $WORK/prometheus.log)"

if [[ $mode == no-grafana ]]; then
  say "ready (no Grafana started); Ctrl-C stops the demo service and Prometheus"
  wait
  exit 0
fi

# 3. Grafana with the built plugin (linked, not copied: a rebuild shows after a reload) and the provisioning.
mkdir -p "$WORK/grafana/plugins"
ln -s "$ROOT/dist" "$WORK/grafana/plugins/$PLUGIN_ID"
grafana_command
(
  while IFS= read -r kv; do export "${kv?}"; done < <(grafana_env)
  cd "$GRAFANA_HOMEPATH" && exec "${GRAFANA_CMD[@]}"
) >"$WORK/grafana.log" 2>&1 &
pids+=($!)
wait_for Grafana "$GRAFANA_PORT" /api/health 180 "${pids[2]}"

# 4. Where to look.
say "ready. Open http://127.0.0.1:$GRAFANA_PORT/d/$DASHBOARD_UID (anonymous admin; Grafana log: $WORK/grafana.log)"
say "alert rules: http://127.0.0.1:$GRAFANA_PORT/alerting/list. Ctrl-C stops Grafana, Prometheus and the demo service"
wait
