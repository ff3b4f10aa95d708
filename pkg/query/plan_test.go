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

func TestAutoStepRoundsUpToANiceStep(t *testing.T) {
	q := parsed(t, `{"expr":"up"}`)
	cases := []struct {
		interval time.Duration
		maxPts   int
		want     time.Duration
	}{
		{15 * time.Second, 11000, 15 * time.Second},
		{16 * time.Second, 11000, 30 * time.Second},
		{40 * time.Second, 11000, time.Minute},
		{time.Second, 1000, 2 * time.Minute}, // 25h of points within 1000 → ≥ 90s → 2m
	}
	for _, c := range cases {
		p, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, Interval: c.interval, MaxPoints: c.maxPts})
		if err != nil {
			t.Fatal(err)
		}
		if p.Step != c.want || !p.Auto {
			t.Errorf("interval %s, max %d points: step %s, want %s", c.interval, c.maxPts, p.Step, c.want)
		}
		if p.Points > c.maxPts {
			t.Errorf("plan has %d points, over the limit %d", p.Points, c.maxPts)
		}
		if !strings.Contains(p.Reason, "Detection step "+models.FormatDuration(c.want)+" (auto") {
			t.Errorf("reason %q does not state the step", p.Reason)
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
	_, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, MaxPoints: 11000})
	if err == nil || !strings.Contains(err.Error(), "use a coarser step or auto") {
		t.Errorf("want an error naming the fix, got %v", err)
	}
	q = parsed(t, `{"expr":"up","step":"5m"}`)
	p, err := MakePlan(q, PlanInput{From: noon.Add(-time.Hour), To: noon, MaxPoints: 11000})
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
