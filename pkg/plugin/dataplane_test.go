package plugin

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// checkTimeSeriesMulti reads frames the way server-side expressions decide how to read them (data plane path
// when the first frame has a type and a non-zero version) and checks the rules of the timeseries-multi contract
// (grafana-plugin-sdk-go data/contract_docs/timeseries.md): one series per frame, a non-null ascending time field
// without labels, one numeric value field named valueName, no duplicate series, and the SDK's own schema reader
// sees each frame as a wide time series.
func checkTimeSeriesMulti(t *testing.T, frames data.Frames, valueName string) {
	t.Helper()
	if len(frames) == 0 {
		t.Fatal("no frames")
	}
	meta := frames[0].Meta
	if meta == nil || meta.Type != data.FrameTypeTimeSeriesMulti || meta.TypeVersion.IsZero() {
		t.Fatalf("first frame must be typed timeseries-multi with a version, got %+v", meta)
	}
	if !meta.Type.IsTimeSeries() || meta.Type.Kind() != data.KindTimeSeries {
		t.Fatalf("frame type %q is not of the time series kind", meta.Type)
	}
	seen := map[string]bool{}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != meta.Type || f.Meta.TypeVersion != meta.TypeVersion {
			t.Fatalf("%s: every frame must carry the same data-plane type", f.Name)
		}
		schema := f.TimeSeriesSchema()
		if schema.Type != data.TimeSeriesTypeWide || len(schema.ValueIndices) != 1 || schema.TimeIsNullable {
			t.Fatalf("%s: the SDK reads schema %+v, want a wide series with one value field and non-null time", f.Name, schema)
		}
		timeField, value := f.Fields[schema.TimeIndex], f.Fields[schema.ValueIndices[0]]
		if len(f.Fields) != 2 || len(timeField.Labels) != 0 {
			t.Fatalf("%s: want exactly time + value and no labels on time", f.Name)
		}
		if value.Name != valueName || !value.Type().Numeric() {
			t.Fatalf("%s: value field %q of type %s, want numeric %q", f.Name, value.Name, value.Type(), valueName)
		}
		for i := 1; i < timeField.Len(); i++ {
			if !timeAt(timeField, i).After(timeAt(timeField, i-1)) {
				t.Fatalf("%s: time not ascending at row %d", f.Name, i)
			}
		}
		key := value.Name + value.Labels.String()
		if seen[key] {
			t.Fatalf("duplicate series %s", key)
		}
		seen[key] = true
	}
}

// score and anomaly frames are data plane timeseries-multi that alerting reads; the injected spike has a score
// above 1 and an anomaly flag of 1, the normal series stays below.
func TestScoreAndAnomalyFramesAreDataPlane(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds,
		dataQuery("S", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d", "output": "score"}),
		dataQuery("F", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d", "output": "anomaly"}),
		dataQuery("EMPTY", map[string]any{"expr": "vigil_it_requests{instance=\"none\"}", "output": "score"}),
	)
	for _, refID := range []string{"S", "F"} {
		if resp.Responses[refID].Error != nil {
			t.Fatalf("%s: %v", refID, resp.Responses[refID].Error)
		}
	}
	scores := roundTrip(t, resp.Responses["S"].Frames)
	flags := roundTrip(t, resp.Responses["F"].Frames)
	checkTimeSeriesMulti(t, scores, "score")
	checkTimeSeriesMulti(t, flags, "anomaly")
	if len(scores) != 4 || len(flags) != 4 {
		t.Fatalf("want 4 series each, got %d and %d", len(scores), len(flags))
	}
	for _, f := range flags {
		inst := f.Fields[1].Labels["instance"]
		if f.Fields[1].Type() != data.FieldTypeFloat64 {
			t.Errorf("anomaly %s: want float64 (1/0), got %s", inst, f.Fields[1].Type())
		}
		var flagged []int
		for i := 0; i < f.Rows(); i++ {
			switch floatAt(f.Fields[1], i) {
			case 1:
				flagged = append(flagged, indexOfTime(timeAt(f.Fields[0], i)))
			case 0:
			default:
				t.Fatalf("anomaly %s: value %v is not 0 or 1", inst, floatAt(f.Fields[1], i))
			}
		}
		if inst == "a" && !slices.Equal(flagged, spikeA) {
			t.Errorf("anomaly a: flagged %v, want %v", flagged, spikeA)
		}
		if (inst == "c" || inst == "d") && len(flagged) > 0 {
			t.Errorf("anomaly %s: flagged %v, want none", inst, flagged)
		}
	}
	for _, f := range scores {
		inst := f.Fields[1].Labels["instance"]
		maxScore := 0.0
		for i := 0; i < f.Rows(); i++ {
			if s := floatAt(f.Fields[1], i); s == s && s > maxScore {
				maxScore = s
			}
		}
		if inst == "a" && maxScore <= 1 {
			t.Errorf("score a: the spikes must score above 1, max %v", maxScore)
		}
		if inst == "c" && maxScore > 1 {
			t.Errorf("score c: a normal series must stay within the band (≤ 1), max %v", maxScore)
		}
	}
	// No series: the data plane "no data" answer, a typed frame without fields, plus a notice.
	empty := resp.Responses["EMPTY"]
	if empty.Error != nil || len(empty.Frames) != 1 || len(empty.Frames[0].Fields) != 0 ||
		empty.Frames[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Errorf("want one typed empty frame for no series, got %v %v", empty.Error, empty.Frames)
	}
	if !strings.Contains(noticeTexts(empty.Frames[0]), "returned no series") {
		t.Errorf("want a no-series notice, got %q", noticeTexts(empty.Frames[0]))
	}
}

// events: one table with the contract's fields; each spike and the level shift is an event with its peak.
func TestEventsFrame(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	r := runQueries(t, ds, dataQuery("E", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d",
		"output": "events", "legendFormat": "{{instance}}"})).Responses["E"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	frames := roundTrip(t, r.Frames)
	if len(frames) != 1 || frames[0].Name != "events" {
		t.Fatalf("want one frame named events, got %d", len(frames))
	}
	f := frames[0]
	want := map[string]data.FieldType{
		"time": data.FieldTypeTime, "timeEnd": data.FieldTypeTime, "title": data.FieldTypeString,
		"text": data.FieldTypeString, "tags": data.FieldTypeString, "series": data.FieldTypeString,
		"labels": data.FieldTypeString, "peakTime": data.FieldTypeTime, "peakValue": data.FieldTypeNullableFloat64,
		"expectedAtPeak": data.FieldTypeNullableFloat64, "maxScore": data.FieldTypeNullableFloat64,
		"direction": data.FieldTypeString, "points": data.FieldTypeInt64, "detector": data.FieldTypeString,
	}
	if len(f.Fields) != len(want) {
		t.Errorf("want %d fields, got %d", len(want), len(f.Fields))
	}
	for name, typ := range want {
		field, idx := f.FieldByName(name)
		if idx < 0 {
			t.Fatalf("events lacks field %s", name)
		}
		if field.Type() != typ {
			t.Errorf("field %s: type %s, want %s", name, field.Type(), typ)
		}
	}
	col := func(name string) *data.Field { fl, _ := f.FieldByName(name); return fl }
	type ev struct {
		series string
		start  int
	}
	var got []ev
	for i := 0; i < f.Rows(); i++ {
		got = append(got, ev{col("series").At(i).(string), indexOfTime(timeAt(col("time"), i))})
		var labels map[string]string
		if err := json.Unmarshal([]byte(col("labels").At(i).(string)), &labels); err != nil || labels["job"] != "api" {
			t.Errorf("row %d: labels must be the JSON label map, got %q", i, col("labels").At(i))
		}
	}
	if !slices.Contains(got, ev{"a", spikeA[0]}) || !slices.Contains(got, ev{"a", spikeA[1]}) || !slices.Contains(got, ev{"b", shiftB}) {
		t.Fatalf("want events for a at %v and b at %d, got %v", spikeA, shiftB, got)
	}
	for _, e := range got {
		if e.series != "a" && e.series != "b" {
			t.Errorf("unexpected event on the normal series %s at %d", e.series, e.start)
		}
	}
	for i := 0; i < f.Rows(); i++ {
		if col("series").At(i) != "a" {
			continue
		}
		title, tags := col("title").At(i).(string), col("tags").At(i).(string)
		if !strings.HasPrefix(title, "Anomaly: a up ") || !strings.HasSuffix(title, "× band") || tags != "vigil,anomaly,up" {
			t.Errorf("spike event: title %q tags %q", title, tags)
		}
		if !timeAt(col("time"), i).Equal(timeAt(col("peakTime"), i)) || col("points").At(i).(int64) != 1 {
			t.Errorf("a one-point spike peaks at its start and has 1 point")
		}
		peak := floatAt(col("peakValue"), i)
		expected := floatAt(col("expectedAtPeak"), i)
		if peak-expected < 40 || col("direction").At(i) != "up" || col("detector").At(i) != "auto" {
			t.Errorf("spike event: peak %v expected %v direction %v", peak, expected, col("direction").At(i))
		}
		if !strings.Contains(col("text").At(i).(string), "vs expected") {
			t.Errorf("text must describe observed vs expected: %q", col("text").At(i))
		}
	}
	if !timeAt(col("time"), 0).After(visibleFrom.Add(-time.Second)) {
		t.Errorf("events must lie in the visible range")
	}
}
