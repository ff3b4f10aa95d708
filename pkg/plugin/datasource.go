// Package plugin is the Vigil data source backend: QueryData (PromQL + detector per query, run concurrently) and
// CheckHealth (a real query against the configured Prometheus).
//
// Files: each SDK handler lives in a file named after it (query_data.go, check_health.go; a CallResource handler
// goes in call_resource.go), the instance and its settings in datasource.go, and the steps of one query in files
// named for what they do (grid.go, detect.go, response_frames.go, error_response.go).
package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Vigil data source. Invalid settings do not fail instance creation: every query
// and the health check report them, so the user sees what to change.
type Datasource struct {
	settings    *models.Settings
	client      *prom.Client
	settingsErr error
}

// NewDatasource is the instance factory for datasource.Manage.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(s), nil
}

func newDatasource(s backend.DataSourceInstanceSettings) *Datasource {
	settings, err := models.Load(s)
	if err != nil {
		return &Datasource{settingsErr: err}
	}
	client, err := prom.New(clientConfig(settings))
	if err != nil {
		return &Datasource{settingsErr: err}
	}
	log.DefaultLogger.Debug("Vigil data source configured", "settings", settings.String())
	return &Datasource{settings: settings, client: client}
}

func clientConfig(s *models.Settings) prom.Config {
	cfg := prom.Config{URL: s.PrometheusURL, Timeout: s.Timeout, TLSSkipVerify: s.TLSSkipVerify}
	if s.TLSWithCACert {
		cfg.TLSCACert = s.Secrets.TLSCACert
	}
	switch s.AuthType {
	case models.AuthBasic:
		cfg.BasicUser, cfg.BasicPassword = s.BasicAuthUser, s.Secrets.BasicAuthPassword
	case models.AuthBearer:
		cfg.Bearer = s.Secrets.BearerToken
	case models.AuthHeaders:
		cfg.Headers = s.Secrets.Headers
	}
	return cfg
}

// Dispose closes idle connections when Grafana replaces the instance after a settings change.
func (d *Datasource) Dispose() {
	if d.client != nil {
		d.client.Close()
	}
}
