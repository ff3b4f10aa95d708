// Package demo holds the checks of Vigil's demo stack (docker-compose.yaml, provisioning/, demo/, and the
// no-Docker path scripts/server-local.sh) that run without Docker or Grafana: every file parses, the references
// between them resolve, Prometheus accepts its config, and the no-Docker path's demo service, backfilled week
// of history and Prometheus run for real and answer every provisioned query.
package demo
