// Package plugin is the Vigil data source backend: QueryData (PromQL + detector per query, run concurrently) and
// CheckHealth (a real query against the configured Prometheus).
//
// Files: each SDK handler lives in a file named after it (query_data.go, check_health.go; a CallResource handler
// goes in call_resource.go), the instance and its settings in datasource.go, and the steps of one query in files
// named for what they do (grid.go, detect.go, response_frames.go, error_response.go).
package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
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
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(ctx, s), nil
}

func newDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) *Datasource {
	settings, err := models.Load(s)
	if err != nil {
		return &Datasource{settingsErr: err}
	}
	opts, err := clientOptions(ctx, s, settings)
	if err != nil {
		return &Datasource{settingsErr: err}
	}
	client, err := prom.New(settings.PrometheusURL, opts)
	if err != nil {
		return &Datasource{settingsErr: err}
	}
	client.LimitResponse(responseLimit(settings))
	client.HideSecrets(secretTexts(settings)...)
	log.DefaultLogger.Debug("Vigil data source configured", "settings", settings.String())
	return &Datasource{settings: settings, client: client}
}

// clientOptions are the SDK's HTTP client options for these settings. The SDK reads its options from Grafana's
// standard data source settings (s.HTTPClientOptions: timeouts, Grafana's secure socks proxy, TLS 1.3 when Grafana
// forces it, metrics labels); Vigil's settings name authentication, TLS, headers and the timeout their own way
// (docs/query-model.md), so those are set here from the validated settings: exactly one of basic auth, a bearer
// token or custom headers, as authType says; nothing the SDK might read from other keys.
func clientOptions(ctx context.Context, s backend.DataSourceInstanceSettings, settings *models.Settings) (httpclient.Options, error) {
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return opts, fmt.Errorf("HTTP client settings: %w", err)
	}
	timeouts := httpclient.DefaultTimeoutOptions
	if opts.Timeouts != nil {
		timeouts = *opts.Timeouts
	}
	timeouts.Timeout = settings.Timeout
	opts.Timeouts = &timeouts

	opts.BasicAuth = nil
	opts.Header = http.Header{}
	switch settings.AuthType {
	case models.AuthBasic:
		opts.BasicAuth = &httpclient.BasicAuthOptions{User: settings.BasicAuthUser, Password: settings.Secrets.BasicAuthPassword}
	case models.AuthBearer:
		opts.Header.Set("Authorization", "Bearer "+settings.Secrets.BearerToken)
	case models.AuthHeaders:
		for name, value := range settings.Secrets.Headers {
			opts.Header.Set(name, value)
		}
	}

	var tlsVersions httpclient.TLSOptions // Grafana's forced TLS versions, if any, are kept
	if opts.TLS != nil {
		tlsVersions = httpclient.TLSOptions{MinVersion: opts.TLS.MinVersion, MaxVersion: opts.TLS.MaxVersion}
	}
	opts.TLS = &tlsVersions
	opts.TLS.InsecureSkipVerify = settings.TLSSkipVerify //nolint:gosec // the user's explicit choice, shown as "testing only"
	if settings.TLSWithCACert {
		opts.TLS.CACertificate = settings.Secrets.TLSCACert
	}
	return opts, nil
}

// Dispose closes idle connections when Grafana replaces the instance after a settings change.
func (d *Datasource) Dispose() {
	if d.client != nil {
		d.client.Close()
	}
}
