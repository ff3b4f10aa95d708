package plugin

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// The test series follow 100 + 5·sin(2π·i/720) with ±1 of noise at 1-minute steps (a 12-hour season); the data ends
// at visibleTo, index 2879, the last point of a season. holt_winters with a 720-step season forecasts it on.
var hwSeason = map[string]any{"type": "holt_winters", "params": map[string]any{"seasonLength": 720}}

func wave(i int) float64 { return 100 + 5*math.Sin(2*math.Pi*float64(i)/720) }

// The forecast output on real Prometheus data: the series stops at now, the expected value and band run on for the
// horizon on the query's step, follow the wave, and the band widens.
func TestForecastFramesContinuePastNow(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds, dataQuery("F", map[string]any{"expr": `vigil_it_requests{instance="c"}`,
		"trainingWindow": "2d", "detector": hwSeason, "output": "forecast", "horizon": "6h"}))
	r := resp.Responses["F"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	frames := roundTrip(t, r.Frames)
	c := addedFields(t, frames, "c")
	expected := c.fields["expected"]
	if expected == nil || c.fields["lower"] == nil || c.fields["upper"] == nil {
		t.Fatalf("fields %v", c.fields)
	}
	// The value frame has its own time field: it ends at now; the added frames run 360 steps further.
	if v := bands(t, frames)["c"]; !timeAt(v.time, v.rows()-1).Equal(visibleTo) {
		t.Fatalf("the series must end at now %s, ends at %s", visibleTo, timeAt(v.time, v.rows()-1))
	}
	if c.rows() != 720+360 {
		t.Fatalf("%d rows in the added frames, want 720 visible + 360 forecast", c.rows())
	}
	firstWidth, lastWidth := 0.0, 0.0
	for k := 720; k < c.rows(); k++ {
		at := timeAt(c.time, k)
		if want := visibleTo.Add(time.Duration(k-719) * time.Minute); !at.Equal(want) {
			t.Fatalf("forecast row %d at %s, want %s (the step grid after now)", k, at, want)
		}
		e, lo, hi := floatAt(expected, k), floatAt(c.fields["lower"], k), floatAt(c.fields["upper"], k)
		if !(lo < e && e < hi) {
			t.Fatalf("row %d: band %v < %v < %v violated", k, lo, e, hi)
		}
		if d := math.Abs(e - wave(indexOfTime(at))); d > 1.5 {
			t.Errorf("row %d: forecast %.2f is %.2f off the wave", k, e, d)
		}
		if s := floatAt(c.fields["score"], k); s == s {
			t.Errorf("row %d: the future has no score, got %v", k, s)
		}
		if k == 720 {
			firstWidth = hi - lo
		}
		lastWidth = hi - lo
	}
	if !(lastWidth > firstWidth) {
		t.Errorf("the band must widen with the horizon: %v at the first step, %v at the last", firstWidth, lastWidth)
	}
	// The visible part is the band output's own.
	band := runQueries(t, ds, dataQuery("B", map[string]any{"expr": `vigil_it_requests{instance="c"}`,
		"trainingWindow": "2d", "detector": hwSeason})).Responses["B"]
	b := bands(t, band.Frames)["c"]
	for k := 0; k < 720; k++ {
		if x, y := floatAt(b.fields["expected"], k), floatAt(expected, k); x != y && (x == x || y == y) {
			t.Fatalf("row %d: forecast output's expected %v differs from the band output's %v", k, y, x)
		}
	}
}

// addedFields is a series' frame of expected, lower, upper and score (its own time field) in a forecast response.
func addedFields(t *testing.T, frames data.Frames, instance string) bandSeries {
	t.Helper()
	for _, f := range frames {
		b := bandSeries{time: f.Fields[0], fields: map[string]*data.Field{}}
		for _, fl := range f.Fields[1:] {
			if fl.Labels["instance"] == instance {
				b.fields[fl.Name] = fl
			}
		}
		if b.fields["expected"] != nil {
			return b
		}
	}
	t.Fatalf("no expected field for instance %s", instance)
	return bandSeries{}
}

// A panel whose range reaches past now gets the forecast over that future part without a horizon.
func TestForecastFillsAFutureRange(t *testing.T) {
	srv := needPrometheus(t)
	defer func(old func() time.Time) { wallClock = old }(wallClock)
	wallClock = func() time.Time { return visibleTo.Add(30 * time.Second) }
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	q := dataQuery("F", map[string]any{"expr": `vigil_it_requests{instance="c"}`, "trainingWindow": "2d",
		"detector": hwSeason, "output": "forecast"})
	q.TimeRange.To = visibleTo.Add(2 * time.Hour)
	r := runQueries(t, ds, q).Responses["F"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	c := addedFields(t, r.Frames, "c")
	last := timeAt(c.time, c.rows()-1)
	if !last.Equal(visibleTo.Add(2 * time.Hour)) {
		t.Errorf("the forecast must fill the range up to its end, ends at %s", last)
	}
}

// checkNumericMulti checks the data plane numeric-multi rules server-side expressions read: every frame typed with a
// version, one numeric field, no time field, each number uniquely identified by its labels.
func checkNumericMulti(t *testing.T, frames data.Frames) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti || f.Meta.TypeVersion.IsZero() {
			t.Fatalf("%s: want a typed numeric-multi frame, got %+v", f.Name, f.Meta)
		}
		if len(f.Fields) != 1 || !f.Fields[0].Type().Numeric() || f.Fields[0].Len() != 1 {
			t.Fatalf("%s: want one numeric field with one value", f.Name)
		}
		key := f.Fields[0].Labels.String()
		if seen[key] {
			t.Fatalf("duplicate labels %s: the expression engine cannot tell the numbers apart", key)
		}
		seen[key] = true
	}
}

// Time until threshold: seconds from now until the forecast reaches the threshold and until its band does, per
// series with its labels, for an alert rule ("the wave reaches 104 within the next 2 hours").
func TestTimeToThreshold(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds,
		dataQuery("UP", map[string]any{"expr": `vigil_it_requests{instance=~"c|d"}`, "trainingWindow": "2d",
			"detector": hwSeason, "output": "threshold", "horizon": "12h",
			"threshold": map[string]any{"value": 104, "direction": "above"}}),
		dataQuery("NEVER", map[string]any{"expr": `vigil_it_requests{instance="c"}`, "trainingWindow": "2d",
			"detector": hwSeason, "output": "threshold", "horizon": "12h",
			"threshold": map[string]any{"value": 200, "direction": "above"}}),
		// About 100 now: a threshold of 90 below is not reached, one of 90 above is reached already.
		dataQuery("PAST", map[string]any{"expr": `vigil_it_requests{instance="c"}`, "trainingWindow": "2d",
			"detector": hwSeason, "output": "threshold", "horizon": "12h",
			"threshold": map[string]any{"value": 90, "direction": "above"}}),
	)
	for _, ref := range []string{"UP", "NEVER", "PAST"} {
		if err := resp.Responses[ref].Error; err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
	}
	up := roundTrip(t, resp.Responses["UP"].Frames)
	checkNumericMulti(t, up)
	if len(up) != 4 {
		t.Fatalf("want 2 series × (expected, band) = 4 numbers, got %d", len(up))
	}
	// sin ≥ 0.8 from i ≡ 106.3 (mod 720): the first point at or above 104 comes about 107 minutes after now.
	got := map[string]float64{}
	for _, f := range up {
		l := f.Fields[0].Labels
		if l["job"] != "api" || f.Fields[0].Config.Unit != "s" {
			t.Errorf("labels %v, unit %q: want the series labels and seconds", l, f.Fields[0].Config.Unit)
		}
		got[l["instance"]+"/"+l["crossing"]] = floatAt(f.Fields[0], 0)
	}
	for _, inst := range []string{"c", "d"} {
		e, b := got[inst+"/expected"], got[inst+"/band"]
		if e < 95*60 || e > 120*60 {
			t.Errorf("%s: the forecast reaches 104 in %v s, want about 107 minutes", inst, e)
		}
		if !(b > 0 && b < e) {
			t.Errorf("%s: the band must reach it first, got band %v s, expected %v s", inst, b, e)
		}
	}
	never := roundTrip(t, resp.Responses["NEVER"].Frames)
	checkNumericMulti(t, never)
	for _, f := range never {
		if v := floatAt(f.Fields[0], 0); !math.IsInf(v, 1) {
			t.Errorf("%s: no crossing within the horizon is +Inf, got %v", f.Fields[0].Labels, v)
		}
	}
	// Already past the threshold: 0 seconds, not the one step after now the forecast starts at.
	past := roundTrip(t, resp.Responses["PAST"].Frames)
	checkNumericMulti(t, past)
	if len(past) != 2 {
		t.Fatalf("want (expected, band) = 2 numbers, got %d", len(past))
	}
	for _, f := range past {
		if v := floatAt(f.Fields[0], 0); v != 0 {
			t.Errorf("%s: a series already past the threshold is 0 s from it, got %v", f.Fields[0].Labels, v)
		}
	}
}

// The crossings output: rows in the future for annotations, in time order.
func TestCrossingsRows(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	r := runQueries(t, ds, dataQuery("X", map[string]any{"expr": `vigil_it_requests{instance="c"}`,
		"trainingWindow": "2d", "detector": hwSeason, "output": "crossings", "horizon": "12h",
		"threshold": map[string]any{"value": 96, "direction": "below"}})).Responses["X"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	f := roundTrip(t, r.Frames)[0]
	if f.Name != "crossings" || f.Rows() != 2 {
		t.Fatalf("want the crossings table with the band's and the forecast's row, got %s with %d rows", f.Name, f.Rows())
	}
	byName := map[string]*data.Field{}
	for _, fl := range f.Fields {
		byName[fl.Name] = fl
	}
	first, second := timeAt(byName["time"], 0), timeAt(byName["time"], 1)
	if !first.After(visibleTo) || second.Before(first) {
		t.Errorf("rows at %s and %s: want the future, in order", first, second)
	}
	kind, _ := byName["crossing"].ConcreteAt(0)
	title, _ := byName["title"].ConcreteAt(1)
	if kind != "band" || !strings.Contains(title.(string), "the forecast reaches 96 (below)") {
		t.Errorf("first row %v, second title %q", kind, title)
	}
	// A band row's value is the band's edge (lower, for below), and its text says so next to the forecast there.
	text, _ := byName["text"].ConcreteAt(0)
	edge, _ := byName["value"].ConcreteAt(0)
	if want := fmt.Sprintf("(band edge %g, forecast ", edge); !strings.Contains(text.(string), want) {
		t.Errorf("band row text %q does not say %q", text, want)
	}
}

// A query that asks for what cannot be done says what to change.
func TestForecastQueryErrors(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	expr := `vigil_it_requests{instance="c"}`
	resp := runQueries(t, ds,
		dataQuery("Z", map[string]any{"expr": expr, "detector": map[string]any{"type": "zscore"}, "output": "forecast",
			"horizon": "1h"}),
		dataQuery("NOTHRESHOLD", map[string]any{"expr": expr, "output": "threshold", "horizon": "1h"}),
		dataQuery("NOHORIZON", map[string]any{"expr": expr, "output": "forecast"}),
		dataQuery("LONG", map[string]any{"expr": expr, "output": "forecast", "horizon": "30d"}),
		dataQuery("DIR", map[string]any{"expr": expr, "output": "threshold", "horizon": "1h",
			"threshold": map[string]any{"value": 1, "direction": "sideways"}}),
	)
	for ref, want := range map[string]string{
		"Z":           "zscore cannot forecast; the detectors that can are auto, holt_winters, seasonal",
		"NOTHRESHOLD": "output threshold needs a threshold",
		"NOHORIZON":   "needs a horizon: set one in the query (e.g. 1d), or let the panel's time range reach past now",
		"LONG":        "more than the 11000 points per series",
		"DIR":         `threshold direction "sideways"`,
	} {
		err := resp.Responses[ref].Error
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to say %q", ref, err, want)
		}
	}
}

// seasonal with 3.4 seasons of history and seasons = 4 is not warm: the phases seen four times must not forecast
// alone (they did, and their band crossed the threshold: a false "time to threshold"). No number, and a notice.
func TestSeasonalNotWarmHasNoTimeToThreshold(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	// A 14h season: the 2 days of data are 3.4 seasons, and the first 0.4 of its phases have their 4 values.
	r := runQueries(t, ds, dataQuery("S", map[string]any{"expr": `vigil_it_requests{instance="c"}`,
		"trainingWindow": "3d", "detector": map[string]any{"type": "seasonal", "params": map[string]any{"period": 50400}},
		"output": "threshold", "horizon": "12h", "threshold": map[string]any{"value": 104, "direction": "above"}})).Responses["S"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	frames := roundTrip(t, r.Frames)
	if len(frames) != 2 {
		t.Fatalf("want (expected, band) = 2 numbers, got %d frames", len(frames))
	}
	for _, f := range frames {
		if v, ok := f.Fields[0].ConcreteAt(0); ok {
			t.Errorf("%s: a model that is not warm has no time to threshold (null), got %v", f.Fields[0].Labels, v)
		}
	}
	if notes := noticeTexts(r.Frames[0]); !strings.Contains(notes, "1 of 1 series have no forecast") {
		t.Errorf("want the no-forecast notice, got %q", notes)
	}
}
