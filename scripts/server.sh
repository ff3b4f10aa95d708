#!/usr/bin/env bash
# npm run server: the demo stack with Docker Compose (docker-compose.yaml). Says what is missing instead of
# failing inside docker when Docker, its Compose plugin or its daemon is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

no_docker() {
  echo "npm run server needs $1." >&2
  echo "Without Docker, run the demo against a Grafana installed on this machine (package or tarball):" >&2
  echo "  npm run server:local        (see README: Demo without Docker)" >&2
  exit 1
}

command -v docker >/dev/null || no_docker "Docker (https://docs.docker.com/engine/install/); 'docker' is not on PATH"
docker compose version >/dev/null 2>&1 ||
  no_docker "the Docker Compose v2 plugin ('docker compose' is not a docker command here; install docker-compose-plugin)"
docker info >/dev/null 2>&1 || no_docker "a running Docker daemon ('docker info' cannot reach it)"
if [[ ! -f dist/module.js ]] || ! compgen -G 'dist/datasource/gpx_vigil_anomaly_linux_*' >/dev/null; then
  echo "npm run server: build the plugin first: npm run build && npm run build:backend" >&2
  exit 1
fi
exec docker compose up --build "$@"
