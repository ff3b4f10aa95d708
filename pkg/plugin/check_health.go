package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/pkg/prom"
)

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
