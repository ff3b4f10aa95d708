// Package plugin is the Vigil data source backend: QueryData (PromQL + detector per query, run concurrently) and
// CheckHealth (a real query against the configured Prometheus).
package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// maxConcurrentQueries bounds how many queries of one request run at once (each already uses all cores for
// its detectors, so more would only add memory).
const maxConcurrentQueries = 4

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

// QueryData answers every query independently: one query's error never affects another.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return d.safeQuery(ctx, q.DataQuery)
	}, maxConcurrentQueries)
}

// safeQuery is the last line of defence: a panic becomes this query's internal error, never a crash.
func (d *Datasource) safeQuery(ctx context.Context, q backend.DataQuery) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("Vigil query panicked", "refId", q.RefID, "panic", fmt.Sprint(r))
			res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("internal error in Vigil while running query %s: %v; please report it", q.RefID, r))
		}
	}()
	if d.settingsErr != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourcePlugin,
			"data source settings: "+d.settingsErr.Error())
	}
	return d.runQuery(ctx, q)
}

// CheckHealth runs vector(1) against the configured Prometheus and says exactly what is wrong when it fails.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settingsErr != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: d.settingsErr.Error()}, nil
	}
	end := time.Now().Truncate(time.Minute)
	began := time.Now()
	series, err := d.client.QueryRange(ctx, prom.Range{Expr: "vector(1)", Start: end.Add(-time.Minute), End: end, Step: time.Minute})
	if err != nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error()}, nil
	}
	if len(series) != 1 || len(series[0].V) == 0 || series[0].V[0] != 1 {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: fmt.Sprintf(
			"%s answered, but vector(1) did not return the value 1; check that the URL points at a Prometheus-compatible API",
			d.settings.PrometheusURL)}, nil
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: fmt.Sprintf(
		"Prometheus at %s answered a test query (vector(1)) in %d ms.", d.settings.PrometheusURL,
		time.Since(began).Milliseconds())}, nil
}
