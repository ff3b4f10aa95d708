// Package frames turns detection results into the data frames of docs/output-frames.md: band (panels),
// score / anomaly (data plane timeseries-multi for alerting and recording rules) and events (a table for
// annotations and the explanations panel).
package frames

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// Series is one series of the visible range with its detection result, aligned by index.
type Series struct {
	Labels map[string]string
	Legend string // display name, from the legend format
	T      []int64
	V      []float64
	R      detectors.Result
	// Forecast is the series' forecast past now, for the forecasting outputs (nil otherwise).
	Forecast *SeriesForecast
}

// Legend renders a Prometheus-style legend format ("{{instance}} {{job}}"); an empty format gives the series
// name with its labels, as Grafana's Prometheus data source does.
func Legend(format string, labels map[string]string, expr string) string {
	if strings.TrimSpace(format) == "" || format == "__auto" {
		return seriesName(labels, expr)
	}
	var b strings.Builder
	rest := format
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:open])
		name := strings.TrimSpace(rest[open+2 : open+end])
		b.WriteString(labels[name])
		rest = rest[open+end+2:]
	}
	return b.String()
}

func seriesName(labels map[string]string, expr string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		if k != "__name__" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	name := labels["__name__"]
	if len(keys) == 0 {
		if name == "" {
			return expr
		}
		return name
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + `="` + labels[k] + `"`
	}
	return name + "{" + strings.Join(parts, ", ") + "}"
}

func times(t []int64) []time.Time {
	out := make([]time.Time, len(t))
	for i, ms := range t {
		out[i] = time.UnixMilli(ms).UTC()
	}
	return out
}

// nullable turns NaN into null so panels draw gaps and alerting sees "no value".
func nullable(xs []float64) []*float64 {
	out := make([]*float64, len(xs))
	backing := make([]float64, len(xs))
	for i, x := range xs {
		if !math.IsNaN(x) {
			backing[i] = x
			out[i] = &backing[i]
		}
	}
	return out
}
