package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// scrape fetches /metrics from the handler over HTTP and parses it the way Prometheus does.
func scrape(t *testing.T, srv *httptest.Server) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mf, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return mf
}

// sum adds the samples of a family whose labels include want.
func sum(mf map[string]*dto.MetricFamily, name string, want map[string]string, value func(*dto.Metric) float64) float64 {
	f, ok := mf[name]
	if !ok {
		return -1
	}
	total := 0.0
next:
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		total += value(m)
	}
	return total
}

func counter(m *dto.Metric) float64   { return m.GetCounter().GetValue() }
func histCount(m *dto.Metric) float64 { return float64(m.GetHistogram().GetSampleCount()) }
func histSum(m *dto.Metric) float64   { return m.GetHistogram().GetSampleSum() }
func gauge(m *dto.Metric) float64     { return m.GetGauge().GetValue() }

// run simulates minutes of traffic starting at offset after start and returns the scraped metrics.
func run(t *testing.T, schedule []Anomaly, offset, length time.Duration) map[string]*dto.MetricFamily {
	t.Helper()
	reg := prometheus.NewRegistry()
	sim := NewSimulator(reg, DefaultRoutes, schedule, time.Hour, t0, 7)
	for d := time.Duration(0); d < length; d += time.Second {
		sim.Step(t0.Add(offset+d), time.Second)
	}
	srv := httptest.NewServer(NewHandler(reg))
	defer srv.Close()
	return scrape(t, srv)
}

func TestMetricsExposeRequestsAndLatency(t *testing.T) {
	mf := run(t, nil, 0, 5*time.Minute)
	for _, name := range []string{"http_requests_total", "http_request_duration_seconds", "demo_anomaly_active"} {
		if _, ok := mf[name]; !ok {
			t.Fatalf("/metrics has no %s", name)
		}
	}
	if got := mf["http_request_duration_seconds"].GetType(); got != dto.MetricType_HISTOGRAM {
		t.Fatalf("http_request_duration_seconds is %v, want a histogram", got)
	}
	for _, r := range DefaultRoutes {
		ok := sum(mf, "http_requests_total", map[string]string{"route": r.Name, "status": "200"}, counter)
		// About BaseRPS × 300 s × the cycle level (between 0.35 and 1.65): far from zero.
		if ok < r.BaseRPS*300*0.3 {
			t.Errorf("%s: %v successful requests in 5 min, want at least %v", r.Name, ok, r.BaseRPS*300*0.3)
		}
		all := sum(mf, "http_requests_total", map[string]string{"route": r.Name}, counter)
		latencyCount := sum(mf, "http_request_duration_seconds", map[string]string{"route": r.Name}, histCount)
		if latencyCount != all {
			t.Errorf("%s: %v latency observations for %v requests", r.Name, latencyCount, all)
		}
	}
}

func TestInjectorChangesMetricsWhileScheduled(t *testing.T) {
	const route = "/api/checkout"
	schedule, err := ParseSchedule(
		"spike,every=1h,offset=10m,for=5m,factor=5,route=/api/checkout;" +
			"latency,every=1h,offset=10m,for=5m,factor=4,route=/api/checkout;" +
			"errors,every=1h,offset=10m,for=5m,factor=0.5,route=/api/checkout")
	if err != nil {
		t.Fatal(err)
	}
	// The same 5 minutes of the cycle (same traffic level), once without and once with the anomalies.
	normal := run(t, schedule, 20*time.Minute, 5*time.Minute)
	normalShifted := run(t, nil, 10*time.Minute, 5*time.Minute)
	anomalous := run(t, schedule, 10*time.Minute, 5*time.Minute)

	sel := map[string]string{"route": route}
	base := sum(normalShifted, "http_requests_total", sel, counter)
	spiked := sum(anomalous, "http_requests_total", sel, counter)
	if spiked < 3.5*base {
		t.Errorf("traffic spike ×5: %v requests vs %v without it", spiked, base)
	}

	meanLatency := func(mf map[string]*dto.MetricFamily) float64 {
		return sum(mf, "http_request_duration_seconds", sel, histSum) /
			sum(mf, "http_request_duration_seconds", sel, histCount)
	}
	// Failures answer in half the time, so with half the requests failing the mean rises by about 4 × 0.75 = 3.
	if got, want := meanLatency(anomalous), 2.5*meanLatency(normalShifted); got < want {
		t.Errorf("latency regression ×4: mean %.3fs, want at least %.3fs", got, want)
	}

	errorShare := func(mf map[string]*dto.MetricFamily) float64 {
		failed := sum(mf, "http_requests_total", map[string]string{"route": route, "status": "500"}, counter) +
			sum(mf, "http_requests_total", map[string]string{"route": route, "status": "503"}, counter)
		return failed / sum(mf, "http_requests_total", sel, counter)
	}
	if got := errorShare(anomalous); got < 0.4 || got > 0.6 {
		t.Errorf("error burst 0.5: error share %.3f", got)
	}
	if got := errorShare(normalShifted); got > 0.02 {
		t.Errorf("no burst: error share %.3f, want about 0.004", got)
	}

	// Other routes are untouched by a route-scoped anomaly; the ground-truth gauge follows the schedule.
	if got := errorShare(normal); got > 0.02 {
		t.Errorf("after the burst ended: error share %.3f", got)
	}
	if on := sum(anomalous, "demo_anomaly_active", map[string]string{"kind": "errors"}, gauge); on != 1 {
		t.Errorf("demo_anomaly_active{kind=errors} = %v during the burst, want 1", on)
	}
	if on := sum(normal, "demo_anomaly_active", map[string]string{"kind": "errors"}, gauge); on != 0 {
		t.Errorf("demo_anomaly_active{kind=errors} = %v after the burst, want 0", on)
	}
	searchShare := sum(anomalous, "http_requests_total", map[string]string{"route": "/api/search", "status": "500"}, counter) /
		sum(anomalous, "http_requests_total", map[string]string{"route": "/api/search"}, counter)
	if searchShare > 0.02 {
		t.Errorf("/api/search error share %.3f during a /api/checkout burst", searchShare)
	}
}

func TestScheduleActiveWindows(t *testing.T) {
	a := Anomaly{Kind: TrafficSpike, Every: time.Hour, Offset: 10 * time.Minute, Duration: 5 * time.Minute, Factor: 2}
	cases := map[time.Duration]bool{
		0: false, 10 * time.Minute: true, 14*time.Minute + 59*time.Second: true, 15 * time.Minute: false,
		70 * time.Minute: true, 76 * time.Minute: false,
	}
	for at, want := range cases {
		if got := a.ActiveAt(at); got != want {
			t.Errorf("ActiveAt(%s) = %v, want %v", at, got, want)
		}
	}
}

func TestParseScheduleErrorsNameTheProblem(t *testing.T) {
	if s, err := ParseSchedule(DefaultSchedule); err != nil || len(s) != 3 {
		t.Fatalf("default schedule: %v, %d entries", err, len(s))
	}
	bad := map[string]string{
		"boom,every=1h,for=1m,factor=2":          `unknown kind "boom"`,
		"spike,every=1h,factor=2":                "missing for=",
		"spike,every=1h,for=2h,factor=2":         "must be shorter than every",
		"errors,every=1h,for=1m,factor=2":        "between 0 and 1",
		"spike,every=soon,for=1m,factor=2":       "every:",
		"spike,every=1h,for=1m,factor=2,color=3": `unknown key "color"`,
	}
	for in, want := range bad {
		_, err := ParseSchedule(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSchedule(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"DEMO_ANOMALIES": "none", "DEMO_CYCLE": "1h", "DEMO_SEED": "3", "DEMO_LISTEN": ":9999"}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != ":9999" || c.Cycle != time.Hour || c.Seed != 3 || len(c.Schedule) != 0 {
		t.Fatalf("config %+v", c)
	}
	env["DEMO_TICK"] = "-1s"
	if _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "DEMO_TICK") {
		t.Fatalf("negative tick: %v", err)
	}
}
