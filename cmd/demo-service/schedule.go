package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is a type of injected anomaly.
type Kind string

const (
	// TrafficSpike multiplies the request rate by Factor.
	TrafficSpike Kind = "spike"
	// LatencyRegression multiplies every request's latency by Factor.
	LatencyRegression Kind = "latency"
	// ErrorBurst makes a Factor share (0..1) of requests fail with HTTP 500.
	ErrorBurst Kind = "errors"
)

// Anomaly is one recurring injected anomaly: active for Duration, every Every, starting Offset after the
// service started. Route limits it to one route ("" = every route).
type Anomaly struct {
	Kind     Kind
	Every    time.Duration
	Offset   time.Duration
	Duration time.Duration
	Factor   float64
	Route    string
}

// DefaultSchedule gives a fresh demo stack one anomaly of each kind within its first two hours, then repeats.
const DefaultSchedule = "spike,every=2h,offset=40m,for=6m,factor=4;" +
	"latency,every=3h,offset=70m,for=10m,factor=3,route=/api/checkout;" +
	"errors,every=2h30m,offset=100m,for=5m,factor=0.3"

// ParseSchedule reads anomalies separated by ';', each "kind,every=D,offset=D,for=D,factor=F[,route=R]".
// Durations use Go syntax (90s, 5m, 2h30m). Errors name the entry and the field to fix.
func ParseSchedule(s string) ([]Anomaly, error) {
	var out []Anomaly
	for i, entry := range strings.Split(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		a, err := parseAnomaly(entry)
		if err != nil {
			return nil, fmt.Errorf("anomaly schedule entry %d (%q): %w", i+1, entry, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func parseAnomaly(entry string) (Anomaly, error) {
	parts := strings.Split(entry, ",")
	a := Anomaly{Kind: Kind(strings.TrimSpace(parts[0]))}
	switch a.Kind {
	case TrafficSpike, LatencyRegression, ErrorBurst:
	default:
		return a, fmt.Errorf("unknown kind %q; use spike, latency or errors", a.Kind)
	}
	seen := map[string]bool{}
	for _, kv := range parts[1:] {
		key, value, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return a, fmt.Errorf("%q is not key=value", kv)
		}
		seen[key] = true
		var err error
		switch key {
		case "every":
			a.Every, err = time.ParseDuration(value)
		case "offset":
			a.Offset, err = time.ParseDuration(value)
		case "for":
			a.Duration, err = time.ParseDuration(value)
		case "factor":
			a.Factor, err = strconv.ParseFloat(value, 64)
		case "route":
			a.Route = value
		default:
			return a, fmt.Errorf("unknown key %q; use every, offset, for, factor, route", key)
		}
		if err != nil {
			return a, fmt.Errorf("%s: %w", key, err)
		}
	}
	for _, k := range []string{"every", "for", "factor"} {
		if !seen[k] {
			return a, fmt.Errorf("missing %s=", k)
		}
	}
	switch {
	case a.Every <= 0 || a.Duration <= 0 || a.Offset < 0:
		return a, fmt.Errorf("every and for must be > 0 and offset >= 0")
	case a.Duration >= a.Every:
		return a, fmt.Errorf("for (%s) must be shorter than every (%s)", a.Duration, a.Every)
	case a.Kind == ErrorBurst && (a.Factor <= 0 || a.Factor > 1):
		return a, fmt.Errorf("factor of an errors burst is the failing share, between 0 and 1; got %g", a.Factor)
	case a.Kind != ErrorBurst && a.Factor <= 0:
		return a, fmt.Errorf("factor must be > 0; got %g", a.Factor)
	}
	return a, nil
}

// ActiveAt reports whether the anomaly is on at elapsed time since the service started.
func (a Anomaly) ActiveAt(elapsed time.Duration) bool {
	if elapsed < a.Offset {
		return false
	}
	return (elapsed-a.Offset)%a.Every < a.Duration
}

// appliesTo reports whether the anomaly affects a route.
func (a Anomaly) appliesTo(route string) bool {
	return a.Route == "" || a.Route == route
}
