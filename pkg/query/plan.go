package query

import (
	"fmt"
	"math"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/models"
)

// niceSteps are the detection steps auto may choose. Rounding up to one of them keeps the step (and, with the
// grid aligned to multiples of the step since the Unix epoch, every detection timestamp) unchanged while a user
// zooms within a range of zoom levels; scores at a given time therefore do not move when the panel is zoomed.
var niceSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// Plan is what to fetch from Prometheus: the grid [FetchStart, End] at Step, of which [VisibleStart, End] is shown.
type Plan struct {
	Step         time.Duration
	FetchStart   time.Time // VisibleStart − history, on the grid
	VisibleStart time.Time // first grid time ≥ the panel's from
	End          time.Time // last grid time ≤ the panel's to
	History      time.Duration
	Points       int  // grid points per series, history included
	Auto         bool // the step was chosen automatically
	Reason       string
}

// PlanInput is what the plan depends on besides the parsed query.
type PlanInput struct {
	From, To      time.Time
	Interval      time.Duration // Grafana's interval for the panel (0 = unknown)
	MaxDataPoints int64         // Grafana's max data points (0 = unknown)
	MaxPoints     int           // settings: max points per series, history included
	WarmupPoints  int           // points the detector needs before it scores
}

// MakePlan chooses the detection step and the fetch range. The history fetched before the visible range is the
// training window, or the detector's warm-up if that is longer, so the visible range starts warm.
func MakePlan(q *Parsed, in PlanInput) (Plan, error) {
	if !in.To.After(in.From) {
		return Plan{}, fmt.Errorf("the time range is empty (from %s to %s); choose a longer range", in.From, in.To)
	}
	visible := in.To.Sub(in.From)
	if q.Step > 0 {
		p := plan(q.Step, q.TrainingWindow, in)
		if p.Points == math.MaxInt {
			return Plan{}, fmt.Errorf("step %s makes the detector's warm-up of %d points longer than 290 years; "+
				"use a finer step or auto", fmtDur(q.Step), in.WarmupPoints)
		}
		if p.Points > in.MaxPoints {
			return Plan{}, fmt.Errorf("step %s gives %d points per series over the training window (%s) and the "+
				"range (%s), more than the limit of %d; use a coarser step or auto, a shorter training window, or "+
				"raise \"max points\" in the data source settings", fmtDur(q.Step), p.Points, fmtDur(p.History), fmtDur(visible), in.MaxPoints)
		}
		p.Reason = fmt.Sprintf("Detection step %s (set in the query).", fmtDur(q.Step))
		return p, nil
	}
	floor := max(in.Interval, time.Second)
	if in.MaxDataPoints > 0 {
		floor = max(floor, visible/time.Duration(in.MaxDataPoints))
	}
	for _, step := range candidateSteps(floor) {
		p := plan(step, q.TrainingWindow, in)
		if p.Points <= in.MaxPoints {
			p.Auto = true
			p.Reason = fmt.Sprintf("Detection step %s (auto: the smallest round step — 1s, 2s, 5s, … 1m, … 1h, … 1d — "+
				"at or above the panel interval %s that keeps the %s of history plus the range within %d points per "+
				"series; round steps keep the detection grid when you zoom).",
				fmtDur(step), fmtDur(floor), fmtDur(p.History), in.MaxPoints)
			return p, nil
		}
	}
	return Plan{}, fmt.Errorf("the range and training window are too long for %d points per series even at a "+
		"one-day step; shorten them or raise \"max points\" in the data source settings", in.MaxPoints)
}

func candidateSteps(floor time.Duration) []time.Duration {
	var out []time.Duration
	for _, s := range niceSteps {
		if s >= floor {
			out = append(out, s)
		}
	}
	// Beyond a day: whole days, up to a year.
	for d := 2; d <= 366; d++ {
		if s := time.Duration(d) * 24 * time.Hour; s >= floor {
			out = append(out, s)
		}
	}
	return out
}

func plan(step, training time.Duration, in PlanInput) Plan {
	visibleStart := ceilTo(in.From, step)
	end := floorTo(in.To, step)
	if end.Before(visibleStart) {
		end = visibleStart
	}
	if w := time.Duration(in.WarmupPoints); w > 0 && step > math.MaxInt64/w {
		// The warm-up spans more than a Duration holds (~292 years): no fetch can cover it. Found by FuzzPlan.
		return Plan{Step: step, Points: math.MaxInt}
	}
	history := max(training, time.Duration(in.WarmupPoints)*step)
	fetchStart := floorTo(visibleStart.Add(-history), step)
	points := int(end.Sub(fetchStart)/step) + 1
	return Plan{Step: step, FetchStart: fetchStart, VisibleStart: visibleStart, End: end,
		History: visibleStart.Sub(fetchStart), Points: points}
}

func floorTo(t time.Time, step time.Duration) time.Time {
	ms, s := t.UnixMilli(), step.Milliseconds()
	return time.UnixMilli(ms - mod(ms, s)).UTC()
}

func ceilTo(t time.Time, step time.Duration) time.Time {
	f := floorTo(t, step)
	if f.Before(t) {
		return f.Add(step)
	}
	return f
}

func fmtDur(d time.Duration) string { return models.FormatDuration(d.Round(time.Millisecond)) }

func mod(a, b int64) int64 { return ((a % b) + b) % b }
