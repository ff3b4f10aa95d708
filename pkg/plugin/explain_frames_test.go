package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// updateExplainFrames rewrites testdata/explain/backend-frames.json from the real backend path:
// go test ./pkg/plugin -run TestExplainFrames -update
var updateExplainFrames = flag.Bool("update", false, "rewrite testdata/explain/backend-frames.json")

const explainFramesFile = "../../testdata/explain/backend-frames.json"

// Ten days at a 10-minute step; the queries show the last two (so "yesterday" is reachable, "a week ago" not). Each series carries one textbook deviation
// (index ranges below) that src/explain's table tests expect to be classified by shape and metric kind.
var (
	explainStart = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	explainStep  = 10 * time.Minute
	explainLen   = 10 * 144
	explainDay9  = 9 * 144
)

func explainSeries() []promtest.Series {
	rng := uint32(2024)
	noise := func() float64 {
		rng ^= rng << 13
		rng ^= rng >> 17
		rng ^= rng << 5
		return float64(rng)/float64(1<<31) - 1
	}
	wave := func(i int) float64 { return math.Sin(2 * math.Pi * float64(i) / 144) }
	series := func(name string, labels map[string]string, f func(i int) float64) promtest.Series {
		v := make([]float64, explainLen)
		for i := range v {
			v[i] = f(i)
		}
		return promtest.Series{Name: name, Labels: labels, Start: explainStart, Step: explainStep, Values: v}
	}
	in := func(i, from, n int) bool { return i >= from && i < from+n }
	out := []promtest.Series{
		series("api_requests_total", map[string]string{"route": "/checkout"}, func(i int) float64 {
			x := 100 + 2*noise()
			if i == explainDay9+72 {
				x += 150
			}
			return x
		}),
		series("api_requests_total", map[string]string{"route": "/search"}, func(i int) float64 {
			x := 80 + 3*wave(i) + 2*noise()
			if in(i, explainDay9+30, 2) {
				x *= 0.1
			}
			return x
		}),
		series("api_requests_total", map[string]string{"route": "/reports"}, func(i int) float64 {
			x := 20 + 80*math.Max(0, math.Sin(2*math.Pi*float64(i%144-36)/144*1.5)) + noise()
			if i >= explainDay9 && i < explainDay9+144 {
				x = 20 + noise() // the business-hours peak did not happen on day 9
			}
			return x
		}),
		series("api_request_duration_seconds", map[string]string{"quantile": "0.95", "route": "/checkout"}, func(i int) float64 {
			x := 0.2 + 0.005*noise()
			if i >= explainDay9+36 {
				x *= 2
			}
			return x
		}),
		series("process_resident_memory_bytes", map[string]string{"job": "api"}, func(i int) float64 {
			x := 5e8 + 2e6*noise()
			if i >= 8*144 {
				x += 1e6 * float64(i-8*144)
			}
			return x
		}),
		series("node_cpu_utilisation", map[string]string{"instance": "db-1"}, func(i int) float64 {
			amp := 0.02
			if in(i, explainDay9+80, 24) {
				amp = 0.2
			}
			return 0.4 + amp*noise()
		}),
		series("job_queue_depth", map[string]string{"queue": "emails"}, func(i int) float64 {
			if in(i, explainDay9+100, 12) {
				return 0
			}
			return 50 + 5*noise()
		}),
		series("api_http_errors_total", map[string]string{"route": "/pay"}, func(i int) float64 {
			x := 5 + 0.5*noise()
			if in(i, explainDay9+50, 4) {
				x += 40
			}
			return x
		}),
	}
	for _, pod := range []string{"p1", "p2", "p3", "p4", "p5"} {
		out = append(out, series("pod_memory_bytes", map[string]string{"pod": pod}, func(i int) float64 {
			x := 2e8 + 1e6*noise()
			if pod == "p3" && in(i, explainDay9+60, 3) {
				x += 5e7
			}
			return x
		}))
	}
	return out
}

// explainQueries are the panel queries whose answers the TypeScript explain tests read.
func explainQueries() []map[string]any {
	mad := func(refID, expr, direction, output string) map[string]any {
		return map[string]any{"refId": refID, "expr": expr, "legendFormat": "", "output": output,
			"detector":    map[string]any{"type": "mad", "params": map[string]any{"window": 60}},
			"sensitivity": 4, "direction": direction, "minConsecutive": 1}
	}
	return []map[string]any{
		mad("A", `api_requests_total{route=~"/checkout|/search"}`, "both", "band"),
		mad("B", "api_request_duration_seconds", "up", "band"),
		mad("C", "process_resident_memory_bytes", "both", "band"),
		mad("D", "node_cpu_utilisation", "both", "band"),
		mad("E", "job_queue_depth", "both", "band"),
		{"refId": "F", "expr": `api_requests_total{route="/reports"}`, "legendFormat": "", "output": "band",
			"detector":  map[string]any{"type": "seasonal", "params": map[string]any{"period": 86400, "seasons": 3}},
			"direction": "both", "minConsecutive": 1},
		mad("G", "api_http_errors_total", "up", "band"),
		{"refId": "H", "expr": "pod_memory_bytes", "legendFormat": "{{pod}}", "output": "events",
			"detector": map[string]any{"type": "peer_outlier", "params": map[string]any{}}, "minConsecutive": 1},
		mad("I", `api_requests_total{route="/checkout"}`, "both", "events"),
	}
}

// TestExplainFrames runs the explain queries through QueryData against a real Prometheus and checks that the
// frames in testdata/explain/backend-frames.json are exactly what the backend answers today (the TypeScript
// evidence tests read that file, so they test frames made by the real backend path).
func TestExplainFrames(t *testing.T) {
	if skipReason != "" {
		t.Skip("skipping integration test: " + skipReason)
	}
	srv, err := promtest.Start(context.Background(), explainSeries())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	settings := settingsFor(srv.URL, map[string]any{"defaultTrainingWindow": "2d"}, nil)
	ds := newDatasource(context.Background(), settings)
	from := explainStart.Add(8 * 24 * time.Hour)
	to := explainStart.Add(time.Duration(explainLen-1) * explainStep)
	var queries []backend.DataQuery
	for _, q := range explainQueries() {
		raw, _ := json.Marshal(q)
		queries = append(queries, backend.DataQuery{RefID: q["refId"].(string), JSON: raw, Interval: explainStep,
			MaxDataPoints: 2000, TimeRange: backend.TimeRange{From: from, To: to}})
	}
	resp := runQueries(t, ds, queries...)
	type answer struct {
		Query  map[string]any `json:"query"`
		Frames []*data.Frame  `json:"frames"`
	}
	file := struct {
		GeneratedBy string   `json:"generatedBy"`
		From        int64    `json:"from"`
		To          int64    `json:"to"`
		Answers     []answer `json:"answers"`
	}{GeneratedBy: "go test ./pkg/plugin -run TestExplainFrames -update (pkg/plugin/explain_frames_test.go)",
		From: from.UnixMilli(), To: to.UnixMilli()}
	for _, q := range explainQueries() {
		r := resp.Responses[q["refId"].(string)]
		if r.Error != nil {
			t.Fatalf("query %s: %v", q["refId"], r.Error)
		}
		frames := roundTrip(t, r.Frames)
		for _, f := range frames {
			f.Meta = nil // notices and the executed query carry nothing the explain tests read
		}
		file.Answers = append(file.Answers, answer{Query: q, Frames: frames})
	}
	// The peer outlier's event at the injected pod p3 deviation carries the contribution, with p3 first.
	events := file.Answers[7].Frames[0]
	contribution, _ := events.FieldByName("contribution")
	peak, _ := events.FieldByName("peakTime")
	if contribution == nil || peak == nil {
		t.Fatal("the peer_outlier events frame has no contribution or peakTime field")
	}
	injected := explainStart.Add(time.Duration(explainDay9+60) * explainStep)
	found := false
	for row := 0; row < events.Rows(); row++ {
		at, _ := peak.ConcreteAt(row)
		if d := at.(time.Time).Sub(injected); d < 0 || d >= 3*explainStep {
			continue
		}
		found = true
		if c, _ := contribution.ConcreteAt(row); !strings.HasPrefix(c.(string), `[{"series":"p3"`) {
			t.Errorf("contribution of the injected p3 event: %v, want p3 first", c)
		}
	}
	if !found {
		t.Error("no peer_outlier event at the injected p3 deviation")
	}

	got, err := json.MarshalIndent(file, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateExplainFrames {
		if err := os.MkdirAll(filepath.Dir(explainFramesFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(explainFramesFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(explainFramesFile)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not what the backend answers today (%v); regenerate it with "+
			"go test ./pkg/plugin -run TestExplainFrames -update and review the diff", explainFramesFile, err)
	}
}
