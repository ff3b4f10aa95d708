package plugin

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// bandSeries is one series of a band response: its value and added fields (docs/output-frames.md), by name.
type bandSeries struct {
	time   *data.Field
	fields map[string]*data.Field // value, expected, lower, upper, anomaly, score
}

func (b bandSeries) rows() int { return b.time.Len() }

// bands finds every series' fields in a band response by the series' instance label, wherever the frames put them.
func bands(t *testing.T, frames data.Frames) map[string]bandSeries {
	t.Helper()
	out := map[string]bandSeries{}
	for _, f := range frames {
		var tf *data.Field
		for _, fl := range f.Fields {
			if fl.Type().Time() {
				tf = fl
			}
		}
		for _, fl := range f.Fields {
			if fl == tf {
				continue
			}
			inst := fl.Labels["instance"]
			b, ok := out[inst]
			if !ok {
				b = bandSeries{time: tf, fields: map[string]*data.Field{}}
			}
			if _, dup := b.fields[fl.Name]; dup {
				t.Fatalf("instance %s has two %s fields", inst, fl.Name)
			}
			b.fields[fl.Name] = fl
			out[inst] = b
		}
	}
	return out
}

// anomalyIndexes returns the data indexes where a series' anomaly marker is set, checking that the marker equals
// the value there.
func anomalyIndexes(t *testing.T, b bandSeries) []int {
	t.Helper()
	value, marker := b.fields["value"], b.fields["anomaly"]
	var out []int
	for i := 0; i < b.rows(); i++ {
		m := floatAt(marker, i)
		if m != m { // NaN = null
			continue
		}
		if v := floatAt(value, i); v != m {
			t.Errorf("anomaly marker %v differs from value %v at row %d", m, v, i)
		}
		out = append(out, indexOfTime(timeAt(b.time, i)))
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
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d"}))
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatalf("query failed: %v", r.Error)
	}
	frames := roundTrip(t, r.Frames)
	for _, f := range frames {
		if f.Meta != nil && f.Meta.Type != "" {
			t.Errorf("band frames carry no data-plane type, got %q", f.Meta.Type)
		}
	}
	series := bands(t, frames)
	if len(series) != 4 {
		t.Fatalf("want the 4 series, got %d", len(series))
	}
	// Field names and config come from the shared description and are held to testdata/frames by
	// pkg/frames; here: every field is there, aligned, labelled, and draws as promised.
	for inst, b := range series {
		if b.rows() != 720 {
			t.Errorf("%s: %d rows, want the 720 visible points", inst, b.rows())
		}
		for _, name := range []string{"value", "expected", "lower", "upper", "anomaly", "score"} {
			fl := b.fields[name]
			if fl == nil {
				t.Fatalf("%s: no %s field; fields %v", inst, name, b.fields)
			}
			if fl.Type() != data.FieldTypeNullableFloat64 || fl.Len() != b.rows() {
				t.Errorf("%s: field %s has type %s and %d rows", inst, name, fl.Type(), fl.Len())
			}
			if fl.Labels["job"] != "api" {
				t.Errorf("%s: field %s lacks the series labels: %v", inst, name, fl.Labels)
			}
		}
		lower, upper, marker, score := b.fields["lower"].Config, b.fields["upper"].Config, b.fields["anomaly"].Config, b.fields["score"].Config
		if upper.Custom["fillBelowTo"] != lower.DisplayNameFromDS || lower.DisplayNameFromDS == "" {
			t.Errorf("%s: upper.fillBelowTo %v must name the lower field %q", inst, upper.Custom["fillBelowTo"], lower.DisplayNameFromDS)
		}
		if marker.Custom["drawStyle"] != "points" || marker.Color["fixedColor"] == nil {
			t.Errorf("%s: anomaly markers must be coloured points, got %v %v", inst, marker.Custom, marker.Color)
		}
		hide, _ := score.Custom["hideFrom"].(map[string]any)
		if hide["viz"] != true || hide["tooltip"] != false {
			t.Errorf("%s: score must be hidden from the graph and kept in the tooltip, got %v", inst, hide)
		}
		// Lower ≤ expected ≤ upper wherever the detector scored.
		for i := 0; i < b.rows(); i++ {
			lo, e, hi := floatAt(b.fields["lower"], i), floatAt(b.fields["expected"], i), floatAt(b.fields["upper"], i)
			if lo == lo && !(lo <= e && e <= hi) {
				t.Fatalf("%s row %d: band %v ≤ %v ≤ %v violated", inst, i, lo, e, hi)
			}
		}
	}
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
	for i := 0; i < d.rows(); i++ {
		idx := indexOfTime(timeAt(d.time, i))
		v, s := floatAt(d.fields["value"], i), floatAt(d.fields["score"], i)
		if idx >= gapD[0]+5 && idx < gapD[1] && (v == v || s == s) {
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
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
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
		if got := anomalyIndexes(t, bands(t, r.Frames)["a"]); !slices.Equal(got, want) {
			t.Errorf("%s: anomalies at %v, want %v", refID, got, want)
		}
	}
}

// The detection step and grid do not move when the panel zooms a little: Grafana gives a panel one of its round
// intervals, which stays the same over a range of zoom levels, and the grid is aligned to the epoch, so the same
// timestamp gets the same score.
func TestAutoStepIsStableAcrossZoom(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	wide := dataQuery("WIDE", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "output": "score"})
	narrow := dataQuery("NARROW", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "output": "score"})
	wide.Interval, wide.MaxDataPoints = time.Minute, 700
	narrow.Interval, narrow.MaxDataPoints = time.Minute, 500
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
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
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
	c := bands(t, r.Frames)["c"]
	if s := floatAt(c.fields["score"], 0); s == s {
		t.Errorf("the first visible point is still in warm-up and must have no score, got %v", s)
	}
	if s := floatAt(c.fields["score"], c.rows()-1); s != s {
		t.Errorf("the last point is past warm-up and must be scored")
	}
}

// More series than the limit: the first N are kept and a notice says so.
func TestMaxSeriesTruncates(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, map[string]any{"maxSeries": 2}, nil))
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d"})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	var got []string
	for _, f := range r.Frames {
		if v, _ := f.FieldByName("value"); v != nil {
			got = append(got, v.Labels["instance"])
		}
	}
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("want the first two series (a, b) in Prometheus's order, got %v", got)
	}
	if n := noticeTexts(r.Frames[0]); !strings.Contains(n, "4 series have values in the time range, more than the \"max series\" limit of 2: the first 2") ||
		!strings.Contains(n, "2 dropped") {
		t.Errorf("want a truncation notice, got %q", n)
	}
}

// Multivariate detectors score the whole result set as one group: the shifted pod stands out from its peers.
func TestMultivariateGroup(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h",
		// minSpread 5% of the median (≈ 5) sets the band to ±25 around the peers: wider than the noise.
		"detector": map[string]any{"type": "peer_outlier", "params": map[string]any{"minSpread": 0.05}}})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	series := bands(t, r.Frames)
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
