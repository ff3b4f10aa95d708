package main

import (
	"bufio"
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// parsedSample is one line of the OpenMetrics history.
type parsedSample struct {
	series string
	value  float64
	at     time.Time
}

func parseHistory(t *testing.T, text []byte) (families []string, samples []parsedSample) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(text))
	last := ""
	for sc.Scan() {
		line := sc.Text()
		last = line
		if strings.HasPrefix(line, "# TYPE ") {
			families = append(families, strings.Fields(line)[2])
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndex(line, " ")
		j := strings.LastIndex(line[:i], " ")
		v, err1 := strconv.ParseFloat(line[j+1:i], 64)
		ts, err2 := strconv.ParseFloat(line[i+1:], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad sample line %q", line)
		}
		samples = append(samples, parsedSample{line[:j], v, time.UnixMilli(int64(math.Round(ts * 1000)))})
	}
	if last != "# EOF" {
		t.Fatalf("history does not end with # EOF but %q", last)
	}
	return families, samples
}

// Two hours of history at 15 s: one sample per series per interval, the target labels on every series,
// counters that never decrease, the ground-truth gauge following the schedule, families written once each, and
// a simulator left at the end so the live service continues the same counters.
func TestHistoryIsWhatPrometheusWouldHaveScraped(t *testing.T) {
	schedule, err := ParseSchedule("spike,every=1h,offset=20m,for=5m,factor=4")
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	end := t0.Add(2 * time.Hour)
	sim := NewSimulator(reg, DefaultRoutes, schedule, time.Hour, t0, 3)
	rec, err := RecordHistory(sim, reg, end, 15*time.Second, map[string]string{"job": "demo-service", "instance": "demo-service:8080"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rec.WriteOpenMetrics(&buf); err != nil {
		t.Fatal(err)
	}
	families, samples := parseHistory(t, buf.Bytes())
	if len(samples) != rec.Samples() {
		t.Errorf("%d sample lines, Samples() says %d", len(samples), rec.Samples())
	}
	seen := map[string]bool{}
	for _, f := range families {
		if seen[f] {
			t.Errorf("family %s written twice (OpenMetrics families must not interleave)", f)
		}
		seen[f] = true
	}
	for _, want := range []string{"http_requests_total", "http_request_duration_seconds_bucket", "http_request_duration_seconds_count", "demo_anomaly_active"} {
		if !seen[want] {
			t.Errorf("no %s in the history", want)
		}
	}

	bySeries := map[string][]parsedSample{}
	for _, s := range samples {
		if !strings.Contains(s.series, `instance="demo-service:8080"`) || !strings.Contains(s.series, `job="demo-service"`) {
			t.Fatalf("series without the target labels: %s", s.series)
		}
		bySeries[s.series] = append(bySeries[s.series], s)
	}
	const scrapes = 2*60*4 + 1 // every 15 s from t0 to end, both included
	okSeries := `http_requests_total{instance="demo-service:8080",job="demo-service",route="/api/search",status="200"}`
	if n := len(bySeries[okSeries]); n != scrapes {
		t.Errorf("%s: %d samples, want %d", okSeries, n, scrapes)
	}
	for name, ss := range bySeries {
		for i := 1; i < len(ss); i++ {
			if !ss[i].at.After(ss[i-1].at) {
				t.Fatalf("%s: timestamps not increasing at %d", name, i)
			}
			if !strings.HasPrefix(name, "demo_anomaly_active") && ss[i].value < ss[i-1].value {
				t.Fatalf("%s: counter decreases at %s", name, ss[i].at)
			}
		}
	}
	for _, s := range bySeries[`demo_anomaly_active{instance="demo-service:8080",job="demo-service",kind="spike"}`] {
		if want := schedule[0].ActiveAt(s.at.Sub(t0)); (s.value == 1) != want && s.at != t0 {
			t.Errorf("spike gauge %v at %s, schedule says %v", s.value, s.at.Sub(t0), want)
		}
	}

	// The live service continues where the history ends: the next scrape's counters are at least the last ones.
	lastOK := bySeries[okSeries][scrapes-1].value
	sim.Step(end.Add(15*time.Second), 15*time.Second)
	live := 0.0
	mf, _ := reg.Gather()
	for _, f := range mf {
		if f.GetName() == "http_requests_total" {
			for _, m := range f.GetMetric() {
				if labelText(m.GetLabel(), [2]string{}, nil) == `{route="/api/search",status="200"}` {
					live = m.GetCounter().GetValue()
				}
			}
		}
	}
	if live <= lastOK {
		t.Errorf("live counter %v after the history's last %v: the live service did not continue the history", live, lastOK)
	}
}
