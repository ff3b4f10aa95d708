package plugin

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// The test data: four series of one gauge at a 1-minute step over two days, from a fixed start so every run
// sees the same numbers. Noise is a small deterministic uniform wobble; a 12-hour wave keeps it realistic.
var (
	dataStart = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	dataStep  = time.Minute
	dataLen   = 2880
	// The visible range of most queries: the last 12 hours of the data.
	visibleFrom = dataStart.Add(time.Duration(dataLen-720) * dataStep)
	visibleTo   = dataStart.Add(time.Duration(dataLen-1) * dataStep)
	// Injected anomalies, as indexes into the data.
	spikeA     = []int{2300, 2600}  // instance a: single-point spikes of +60
	shiftB     = 2500               // instance b: level shift of +40 from here on
	gapD       = [2]int{2400, 2430} // instance d: no samples here
	testServer *promtest.Server
	skipReason string
)

func TestMain(m *testing.M) {
	log.DefaultLogger = log.NewWithLevel(log.Warn) // the SDK's per-query debug lines would bury test output
	flag.Parse()
	skipReason = promtest.Missing()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		// A fuzzing run (its coordinator and every worker process run TestMain) needs no Prometheus.
		skipReason = "fuzzing with -fuzz " + f.Value.String()
	}
	if skipReason == "" {
		var err error
		testServer, err = promtest.Start(context.Background(), testSeries())
		if err != nil {
			fmt.Fprintln(os.Stderr, "cannot start the test Prometheus:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	if testServer != nil {
		testServer.Stop()
	}
	os.Exit(code)
}

func needPrometheus(t *testing.T) *promtest.Server {
	t.Helper()
	if skipReason != "" {
		t.Skip("skipping integration test: " + skipReason)
	}
	return testServer
}

func testSeries() []promtest.Series {
	rng := uint32(12345)
	noise := func() float64 { // xorshift32: deterministic, uniform in [-1, 1)
		rng ^= rng << 13
		rng ^= rng >> 17
		rng ^= rng << 5
		return float64(rng)/float64(1<<31) - 1
	}
	make1 := func(instance string, inject func(i int, v float64) float64) promtest.Series {
		v := make([]float64, dataLen)
		for i := range v {
			x := 100 + 5*math.Sin(2*math.Pi*float64(i)/720) + noise()
			v[i] = inject(i, x)
		}
		return promtest.Series{Name: "vigil_it_requests", Labels: map[string]string{"job": "api", "instance": instance},
			Start: dataStart, Step: dataStep, Values: v}
	}
	return []promtest.Series{
		make1("a", func(i int, v float64) float64 {
			for _, s := range spikeA {
				if i == s {
					return v + 60
				}
			}
			return v
		}),
		make1("b", func(i int, v float64) float64 {
			if i >= shiftB {
				return v + 40
			}
			return v
		}),
		make1("c", func(_ int, v float64) float64 { return v }),
		make1("d", func(i int, v float64) float64 {
			if i >= gapD[0] && i < gapD[1] {
				return math.NaN()
			}
			return v
		}),
	}
}

// settingsFor builds instance settings as Grafana sends them.
func settingsFor(url string, jsonData map[string]any, secure map[string]string) backend.DataSourceInstanceSettings {
	jd := map[string]any{"prometheusUrl": url}
	for k, v := range jsonData {
		jd[k] = v
	}
	raw, _ := json.Marshal(jd)
	return backend.DataSourceInstanceSettings{UID: "vigil-test", JSONData: raw, DecryptedSecureJSONData: secure}
}

// dataQuery builds a DataQuery for the visible range with the given query JSON fields.
func dataQuery(refID string, fields map[string]any) backend.DataQuery {
	fields["refId"] = refID
	raw, _ := json.Marshal(fields)
	return backend.DataQuery{RefID: refID, JSON: raw, Interval: time.Minute, MaxDataPoints: 1000,
		TimeRange: backend.TimeRange{From: visibleFrom, To: visibleTo}}
}

func runQueries(t *testing.T, ds *Datasource, queries ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
	if err != nil {
		t.Fatalf("QueryData returned an error: %v", err)
	}
	return resp
}

// roundTrip sends frames through Arrow, as the plugin protocol does, so tests read what Grafana reads.
func roundTrip(t *testing.T, frames data.Frames) data.Frames {
	t.Helper()
	encoded, err := frames.MarshalArrow()
	if err != nil {
		t.Fatalf("frames do not encode to Arrow: %v", err)
	}
	decoded, err := data.UnmarshalArrowFrames(encoded)
	if err != nil {
		t.Fatalf("frames do not decode from Arrow: %v", err)
	}
	return decoded
}

// floatAt reads a float64 or *float64 field value; NaN for null.
func floatAt(f *data.Field, i int) float64 {
	v, ok := f.ConcreteAt(i)
	if !ok {
		return math.NaN()
	}
	return v.(float64)
}

func timeAt(f *data.Field, i int) time.Time {
	v, _ := f.ConcreteAt(i)
	return v.(time.Time)
}

func indexOfTime(t time.Time) int { return int(t.Sub(dataStart) / dataStep) }
