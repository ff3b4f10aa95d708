package plugin

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// anomalyIndexes returns the data indexes where a band frame's anomaly_marker is set, checking that the marker
// equals the value there.
func anomalyIndexes(t *testing.T, f *data.Frame) []int {
	t.Helper()
	times, value, marker := f.Fields[0], f.Fields[1], f.Fields[5]
	var out []int
	for i := 0; i < f.Rows(); i++ {
		m := floatAt(marker, i)
		if m != m { // NaN = null
			continue
		}
		if v := floatAt(value, i); v != m {
			t.Errorf("%s: anomaly_marker %v differs from value %v at row %d", f.Name, m, v, i)
		}
		out = append(out, indexOfTime(timeAt(times, i)))
	}
	return out
}

func byInstance(t *testing.T, frames data.Frames, valueField int) map[string]*data.Frame {
	t.Helper()
	out := map[string]*data.Frame{}
	for _, f := range frames {
		out[f.Fields[valueField].Labels["instance"]] = f
	}
	return out
}

func noticeTexts(f *data.Frame) string {
	if f.Meta == nil {
		return ""
	}
	var texts []string
	for _, n := range f.Meta.Notices {
		texts = append(texts, n.Text)
	}
	return strings.Join(texts, "\n")
}

// The default detector on real Prometheus data: the spikes and the level shift are flagged, the normal series
// are not, and the band frames have the promised shape and field config.
func TestBandFramesFlagInjectedAnomalies(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d"}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatalf("query failed: %v", r.Error)
	}
	frames := roundTrip(t, r.Frames)
	if len(frames) != 4 {
		t.Fatalf("want one band frame per series (4), got %d", len(frames))
	}
	wantFields := []string{"time", "value", "expected", "lower", "upper", "anomaly_marker", "score"}
	for _, f := range frames {
		var names []string
		for _, fl := range f.Fields {
			names = append(names, fl.Name)
		}
		if !slices.Equal(names, wantFields) {
			t.Fatalf("%s: fields %v, want %v", f.Name, names, wantFields)
		}
		if f.Rows() != 720 {
			t.Errorf("%s: %d rows, want the 720 visible points", f.Name, f.Rows())
		}
		if f.Fields[0].Type() != data.FieldTypeTime {
			t.Errorf("%s: time field has type %s", f.Name, f.Fields[0].Type())
		}
		for _, fl := range f.Fields[1:] {
			if fl.Type() != data.FieldTypeNullableFloat64 {
				t.Errorf("%s: field %s has type %s, want nullable float64", f.Name, fl.Name, fl.Type())
			}
			if fl.Labels["job"] != "api" {
				t.Errorf("%s: field %s lacks the series labels: %v", f.Name, fl.Name, fl.Labels)
			}
		}
		if f.Meta != nil && f.Meta.Type != "" {
			t.Errorf("band frames carry no data-plane type, got %q", f.Meta.Type)
		}
		lower, upper, marker, score := f.Fields[3].Config, f.Fields[4].Config, f.Fields[5].Config, f.Fields[6].Config
		if upper.Custom["fillBelowTo"] != lower.DisplayNameFromDS || lower.DisplayNameFromDS == "" {
			t.Errorf("%s: upper.fillBelowTo %v must name the lower field %q", f.Name, upper.Custom["fillBelowTo"], lower.DisplayNameFromDS)
		}
		if marker.Custom["drawStyle"] != "points" || marker.Color["fixedColor"] != "red" {
			t.Errorf("%s: anomaly_marker must be red points, got %v %v", f.Name, marker.Custom, marker.Color)
		}
		hide, _ := score.Custom["hideFrom"].(map[string]any)
		if hide["viz"] != true || hide["tooltip"] != false {
			t.Errorf("%s: score must be hidden from the graph and kept in the tooltip, got %v", f.Name, hide)
		}
		// Lower ≤ expected ≤ upper wherever the detector scored.
		for i := 0; i < f.Rows(); i++ {
			lo, e, hi := floatAt(f.Fields[3], i), floatAt(f.Fields[2], i), floatAt(f.Fields[4], i)
			if lo == lo && !(lo <= e && e <= hi) {
				t.Fatalf("%s row %d: band %v ≤ %v ≤ %v violated", f.Name, i, lo, e, hi)
			}
		}
	}
	series := byInstance(t, frames, 1)
	if got := anomalyIndexes(t, series["a"]); !slices.Equal(got, spikeA) {
		t.Errorf("instance a: anomalies at %v, want exactly the spikes %v", got, spikeA)
	}
	gotB := anomalyIndexes(t, series["b"])
	if len(gotB) == 0 || gotB[0] != shiftB {
		t.Errorf("instance b: the level shift at %d must be the first anomaly, got %v", shiftB, gotB)
	}
	for _, inst := range []string{"c", "d"} {
		if got := anomalyIndexes(t, series[inst]); len(got) != 0 {
			t.Errorf("instance %s has no injected anomaly but was flagged at %v", inst, got)
		}
	}
	// Instance d's gap is null in value and score (Prometheus's 5-minute lookback fills its first points).
	d := series["d"]
	for i := 0; i < d.Rows(); i++ {
		idx := indexOfTime(timeAt(d.Fields[0], i))
		if idx >= gapD[0]+5 && idx < gapD[1] && (floatAt(d.Fields[1], i) == floatAt(d.Fields[1], i) || floatAt(d.Fields[6], i) == floatAt(d.Fields[6], i)) {
			t.Errorf("instance d: gap point %d must be null in value and score", idx)
		}
	}
	if !strings.Contains(noticeTexts(frames[0]), "Detection step 1m (auto") {
		t.Errorf("the chosen step must be stated in a notice, got %q", noticeTexts(frames[0]))
	}
}

// Top-level sensitivity and direction override the detector's parameters.
func TestTopLevelOverrides(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds,
		dataQuery("DOWN", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "trainingWindow": "1d",
			"detector": map[string]any{"type": "zscore", "params": map[string]any{"direction": "up"}}, "direction": "down"}),
		dataQuery("UP", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "trainingWindow": "1d",
			"detector": map[string]any{"type": "zscore", "params": map[string]any{"direction": "down"}}, "direction": "up"}),
		dataQuery("DULL", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "trainingWindow": "1d",
			"detector": map[string]any{"type": "zscore", "params": map[string]any{"sensitivity": 3}}, "sensitivity": 100}),
	)
	for refID, want := range map[string][]int{"DOWN": nil, "UP": spikeA, "DULL": nil} {
		r := resp.Responses[refID]
		if r.Error != nil {
			t.Fatalf("%s: %v", refID, r.Error)
		}
		if got := anomalyIndexes(t, r.Frames[0]); !slices.Equal(got, want) {
			t.Errorf("%s: anomalies at %v, want %v", refID, got, want)
		}
	}
}

// The detection step and grid do not move when the panel zooms a little: the same timestamp gets the same score.
func TestAutoStepIsStableAcrossZoom(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, nil, nil))
	wide := dataQuery("WIDE", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "output": "score"})
	narrow := dataQuery("NARROW", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "output": "score"})
	wide.Interval = 50 * time.Second
	narrow.Interval = 40 * time.Second
	narrow.TimeRange.From = visibleFrom.Add(3*time.Hour + 17*time.Second)
	resp := runQueries(t, ds, wide, narrow)
	scores := map[string]map[time.Time]float64{}
	for _, refID := range []string{"WIDE", "NARROW"} {
		r := resp.Responses[refID]
		if r.Error != nil {
			t.Fatalf("%s: %v", refID, r.Error)
		}
		f := r.Frames[0]
		if !strings.Contains(noticeTexts(f), "Detection step 1m (auto") {
			t.Errorf("%s: want the 1m step for both zoom levels, notices: %s", refID, noticeTexts(f))
		}
		scores[refID] = map[time.Time]float64{}
		for i := 0; i < f.Rows(); i++ {
			scores[refID][timeAt(f.Fields[0], i)] = floatAt(f.Fields[1], i)
		}
	}
	compared := 0
	for ts, s := range scores["NARROW"] {
		w, ok := scores["WIDE"][ts]
		if !ok {
			t.Fatalf("timestamp %s of the zoomed query is not on the wide query's grid", ts)
		}
		if w != s {
			t.Errorf("score at %s: %v zoomed out, %v zoomed in", ts, w, s)
		}
		compared++
	}
	if compared < 400 {
		t.Fatalf("only %d common points compared", compared)
	}
}

// A query starting where the data starts has no history: the start has no score and a notice says why.
func TestWarmupNotice(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, nil, nil))
	q := dataQuery("A", map[string]any{"expr": `vigil_it_requests{instance="c"}`, "trainingWindow": "1h",
		"detector": map[string]any{"type": "zscore", "params": map[string]any{"window": 120}}})
	q.TimeRange = backend.TimeRange{From: dataStart.Add(30 * time.Minute), To: dataStart.Add(10 * time.Hour)}
	r := runQueries(t, ds, q).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	notices := noticeTexts(r.Frames[0])
	if !strings.Contains(notices, "1 of 1 series had fewer than") || !strings.Contains(notices, "Widen the training window") {
		t.Errorf("want a warm-up notice, got %q", notices)
	}
	f := r.Frames[0]
	if s := floatAt(f.Fields[6], 0); s == s {
		t.Errorf("the first visible point is still in warm-up and must have no score, got %v", s)
	}
	if s := floatAt(f.Fields[6], f.Rows()-1); s != s {
		t.Errorf("the last point is past warm-up and must be scored")
	}
}

// More series than the limit: the first N are kept and a notice says so.
func TestMaxSeriesTruncates(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, map[string]any{"maxSeries": 2}, nil))
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d"})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	if len(r.Frames) != 2 {
		t.Fatalf("want 2 frames after truncation, got %d", len(r.Frames))
	}
	got := []string{r.Frames[0].Fields[1].Labels["instance"], r.Frames[1].Fields[1].Labels["instance"]}
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("want the first two series (a, b) in Prometheus's order, got %v", got)
	}
	if n := noticeTexts(r.Frames[0]); !strings.Contains(n, "returned 4 series; only the first 2 are analysed") {
		t.Errorf("want a truncation notice, got %q", n)
	}
}

// Multivariate detectors score the whole result set as one group: the shifted pod stands out from its peers.
func TestMultivariateGroup(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(settingsFor(srv.URL, nil, nil))
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h",
		// minSpread 5% of the median (≈ 5) sets the band to ±25 around the peers: wider than the noise.
		"detector": map[string]any{"type": "peer_outlier", "params": map[string]any{"minSpread": 0.05}}})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	series := byInstance(t, r.Frames, 1)
	gotB := anomalyIndexes(t, series["b"])
	// From the shift on, b sits 40 above three peers: every point after the shift is anomalous, except at a's
	// second spike (2600), where two of four pods are high and the peer median and spread move up with them.
	var want []int
	for i := shiftB; i < dataLen; i++ {
		if i != spikeA[1] {
			want = append(want, i)
		}
	}
	if !slices.Equal(gotB, want) {
		t.Errorf("instance b: want every point from the shift (%d) flagged, got %d points starting %v", shiftB, len(gotB), gotB[:min(3, len(gotB))])
	}
	if got := anomalyIndexes(t, series["a"]); !slices.Equal(got, spikeA[:1]) {
		t.Errorf("instance a: want only its first spike %v flagged against its peers, got %v", spikeA[:1], got)
	}
	for _, inst := range []string{"c", "d"} {
		if got := anomalyIndexes(t, series[inst]); len(got) != 0 {
			t.Errorf("instance %s follows its peers and must not be flagged, got %v", inst, got)
		}
	}
	// Fewer than three series is a typed detector error.
	r = runQueries(t, ds, dataQuery("B", map[string]any{"expr": `vigil_it_requests{instance=~"a|b"}`,
		"detector": map[string]any{"type": "peer_outlier"}})).Responses["B"]
	if r.Error == nil || !strings.Contains(r.Error.Error(), "too_few_series") {
		t.Errorf("want a too_few_series error, got %v", r.Error)
	}
}
