package query

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

func parsed(t *testing.T, js string) *Parsed {
	t.Helper()
	q, err := Parse([]byte(js), &models.Settings{TrainingWindow: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var noon = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Auto scores a panel at the step Grafana's Prometheus data source would query it at (pkg/promlib in
// grafana/grafana): the panel interval, at least the scrape interval, range/max data points rounded to Grafana's
// round intervals, and range/11000.
func TestAutoStepIsGrafanasPrometheusStep(t *testing.T) {
	q := parsed(t, `{"expr":"up"}`)
	cases := []struct {
		span, interval, scrape time.Duration
		maxDataPoints          int64
		want                   time.Duration
	}{
		{time.Hour, 15 * time.Second, 0, 1000, 15 * time.Second},
		{time.Hour, 20 * time.Second, 0, 1000, 20 * time.Second},                // Grafana's round 20s is kept
		{time.Hour, 15 * time.Second, 30 * time.Second, 1000, 30 * time.Second}, // the scrape interval floors it
		{24 * time.Hour, time.Second, 0, 100, 15 * time.Minute},                 // 864s rounds to 15m
		{10 * time.Minute, time.Second, 0, 43200, 15 * time.Second},             // an alert rule's query
		{30 * 24 * time.Hour, time.Minute, 0, 100000, 5 * time.Minute},          // range/11000 = 235s → 5m
	}
	for _, c := range cases {
		p, err := MakePlan(q, PlanInput{From: noon.Add(-c.span), To: noon, Interval: c.interval,
			ScrapeInterval: c.scrape, MaxDataPoints: c.maxDataPoints, MaxPoints: 11000})
		if err != nil {
			t.Fatal(err)
		}
		if p.Step != c.want || !p.Auto || p.Points > 11000 {
			t.Errorf("%s at %s: step %s (%d points), want %s", c.span, c.interval, p.Step, p.Points, c.want)
		}
		if !strings.Contains(p.Reason, "Detection step "+models.FormatDuration(c.want)+" (auto: Grafana's Prometheus step") {
			t.Errorf("reason %q does not state the step and why", p.Reason)
		}
	}
}

// The default 7-day training window does not coarsen a 1-hour panel at 15s (issue 14, item 3): the history is cut
// to the points left, and the reason says how much was used.
func TestHistoryIsCutNotTheStep(t *testing.T) {
	q := parsed(t, `{"expr":"up","trainingWindow":"7d"}`)
	p, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, Interval: 15 * time.Second,
		MaxDataPoints: 1200, MaxPoints: 11000, WarmupPoints: 300})
	if err != nil {
		t.Fatal(err)
	}
	if p.Step != 15*time.Second || p.Points != 11000 || p.History != (11000-241)*15*time.Second || p.Wanted != 7*24*time.Hour {
		t.Fatalf("plan %+v", p)
	}
	if !strings.Contains(p.Reason, "History: 1d20h49m45s of the 1w asked for") || !strings.Contains(p.Reason, "raise \"max points\"") {
		t.Errorf("reason %q does not say how much history was used", p.Reason)
	}
	// A day-long panel at 1m keeps 1m too.
	p, err = MakePlan(q, PlanInput{From: noon.Add(-24 * time.Hour), To: noon, Interval: time.Minute, MaxDataPoints: 1440, MaxPoints: 11000})
	if err != nil || p.Step != time.Minute || p.Points != 11000 {
		t.Errorf("1d panel: %v %+v", err, p)
	}
}

// A series written every 15 minutes and read at 1m (issue 15, kind 6): auto raises the step to the series' own
// interval, at most Prometheus' 5-minute lookback; an interval under twice the step leaves it.
func TestNativeIntervalRaisesTheStep(t *testing.T) {
	q := parsed(t, `{"expr":"up"}`)
	in := PlanInput{From: noon.Add(-6 * time.Hour), To: noon, Interval: time.Minute, MaxDataPoints: 1000, MaxPoints: 11000}
	for native, want := range map[time.Duration]time.Duration{
		0: time.Minute, 90 * time.Second: time.Minute, 2 * time.Minute: 2 * time.Minute, 15 * time.Minute: 5 * time.Minute,
	} {
		in.NativeInterval = native
		p, err := MakePlan(q, in)
		if err != nil || p.Step != want {
			t.Errorf("native %s: step %s, want %s (%v)", native, p.Step, want, err)
		}
		if native >= 2*time.Minute && !strings.Contains(p.Reason, "own sample interval, "+models.FormatDuration(native)+" measured") {
			t.Errorf("native %s: reason %q does not name the measured interval", native, p.Reason)
		}
	}
}

func TestPlanIsOnTheEpochGridAndCoversHistory(t *testing.T) {
	q := parsed(t, `{"expr":"up","trainingWindow":"2h"}`)
	from := noon.Add(-time.Hour + 17*time.Second)
	p, err := MakePlan(q, PlanInput{From: from, To: noon.Add(59 * time.Second), Interval: time.Minute, MaxPoints: 11000, WarmupPoints: 30})
	if err != nil {
		t.Fatal(err)
	}
	if p.Step != time.Minute || p.VisibleStart != noon.Add(-59*time.Minute) || p.End != noon {
		t.Errorf("grid: step %s visible %s end %s", p.Step, p.VisibleStart, p.End)
	}
	if p.FetchStart != p.VisibleStart.Add(-2*time.Hour) || p.Points != 180 {
		t.Errorf("history: fetch from %s (%d points), want the 2h training window before %s", p.FetchStart, p.Points, p.VisibleStart)
	}
	// A detector needing more than the training window gets its warm-up instead.
	p, _ = MakePlan(q, PlanInput{From: from, To: noon, Interval: time.Minute, MaxPoints: 11000, WarmupPoints: 300})
	if p.History != 300*time.Minute {
		t.Errorf("history %s, want the 300-point warm-up", p.History)
	}
}

func TestExplicitStepOverTheLimitSaysWhatToChange(t *testing.T) {
	q := parsed(t, `{"expr":"up","step":"1s","trainingWindow":"7d"}`)
	_, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, MaxPoints: 11000, WarmupPoints: 9000})
	if err == nil || !strings.Contains(err.Error(), "use a coarser step or auto") {
		t.Errorf("want an error naming the fix, got %v", err)
	}
	p, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, MaxPoints: 11000})
	if err != nil || p.Step != time.Second || p.Points != 11000 || !strings.Contains(p.Reason, "(set in the query). History: 2h3m19s of the 1w") {
		t.Errorf("an explicit step keeps its step and cuts the history: %v %+v", err, p)
	}
	q = parsed(t, `{"expr":"up","step":"5m"}`)
	p, err = MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, MaxPoints: 11000})
	if err != nil || p.Step != 5*time.Minute || p.Auto {
		t.Errorf("explicit step: %v %+v", err, p)
	}
}

func TestParseOverridesAndDefaults(t *testing.T) {
	q := parsed(t, `{"expr":"up","detector":{"type":"mad","params":{"sensitivity":2,"direction":"up"}},"sensitivity":4,"minConsecutive":3}`)
	if q.Detector.Params.Float("sensitivity") != 4 || q.Detector.Params.String("direction") != "up" || q.Detector.Params.Int("minConsecutive") != 3 {
		t.Errorf("overrides: %v", q.Detector.Params)
	}
	q = parsed(t, `{"expr":"up"}`)
	if q.DetectorID != "auto" || q.Output != outputs.OutputBand || q.Step != 0 || q.TrainingWindow != 24*time.Hour {
		t.Errorf("defaults: %+v", q)
	}
}
