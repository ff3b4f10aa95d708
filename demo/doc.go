// Package demo holds the checks of Vigil's demo stack (docker-compose.yaml, provisioning/) that run without
// Docker: every file parses, the references between them resolve, and Prometheus accepts its config.
package demo
