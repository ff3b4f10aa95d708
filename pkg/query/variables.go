package query

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/models"
)

// Variables are the values of Grafana's interval and range variables for one query, as Grafana's Prometheus data
// source fills them in on the server (interpolateVariables in pkg/promlib/models/query.go, grafana/grafana), so a
// PromQL expression copied from a Prometheus panel runs unchanged in an alert rule, a recording rule or a panel.
type Variables struct {
	// Step is the detection step: $__interval and $__interval_ms (Grafana's Prometheus data source puts in the
	// step it queries at).
	Step time.Duration
	// Range is the query's time range: $__range (whole seconds, "3600s"), $__range_s and $__range_ms.
	Range time.Duration
	// Scrape is the data source's scrape interval: $__rate_interval = max($__interval + scrape, 4 × scrape), Grafana's
	// definition, so rate() always sees at least four samples and windows do not leave gaps between steps.
	Scrape time.Duration
}

// variablePattern matches $__name and ${__name} for every variable Interpolate fills in, longest names first.
var variablePattern = regexp.MustCompile(`\$(?:\{__(rate_interval_ms|rate_interval|interval_ms|interval|range_ms|range_s|range)\}|__(rate_interval_ms|rate_interval|interval_ms|interval|range_ms|range_s|range))`)

// RateInterval is $__rate_interval for these values.
func (v Variables) RateInterval() time.Duration {
	return max(v.Step+v.Scrape, 4*v.Scrape)
}

// value is the text one variable is replaced with: durations as PromQL writes them (1m, 1m30s), numbers in decimal.
func (v Variables) value(name string) string {
	rangeS := int64(math.Round(float64(v.Range.Milliseconds()) / 1000))
	switch name {
	case "interval":
		return models.FormatDuration(v.Step)
	case "interval_ms":
		return strconv.FormatInt(v.Step.Milliseconds(), 10)
	case "rate_interval":
		return models.FormatDuration(v.RateInterval())
	case "rate_interval_ms":
		return strconv.FormatInt(v.RateInterval().Milliseconds(), 10)
	case "range":
		return strconv.FormatInt(rangeS, 10) + "s"
	case "range_s":
		return strconv.FormatInt(rangeS, 10)
	default: // range_ms
		return strconv.FormatInt(v.Range.Milliseconds(), 10)
	}
}

// Interpolate replaces Grafana's interval and range variables in expr ($__interval, $__interval_ms,
// $__rate_interval, $__rate_interval_ms, $__range, $__range_s, $__range_ms, and their ${…} forms) and returns the
// expression and a notice naming the values used ("" when expr has none). Other variables are left as they are:
// dashboard variables are the frontend's to replace, and Prometheus reports anything left as a parse error.
func Interpolate(expr string, v Variables) (string, string) {
	var used []string
	seen := map[string]bool{}
	out := variablePattern.ReplaceAllStringFunc(expr, func(m string) string {
		sub := variablePattern.FindStringSubmatch(m)
		name := sub[1] + sub[2]
		val := v.value(name)
		if !seen[name] {
			seen[name] = true
			used = append(used, fmt.Sprintf("$__%s = %s%s", name, val, explain(name, v)))
		}
		return val
	})
	if len(used) == 0 {
		return expr, ""
	}
	return out, "Replaced as Grafana's Prometheus data source does on the server: " + strings.Join(used, ", ") + "."
}

// explain says where a value comes from.
func explain(name string, v Variables) string {
	switch name {
	case "interval", "interval_ms":
		return " (the detection step)"
	case "rate_interval", "rate_interval_ms":
		return fmt.Sprintf(" (max(step %s + scrape interval %s, 4 × scrape interval))", models.FormatDuration(v.Step),
			models.FormatDuration(v.Scrape))
	default:
		return " (the query's time range)"
	}
}
