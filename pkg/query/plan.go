package query

import (
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/gtime"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/models"
)

// niceSteps are the steps auto moves up to when the step Grafana would use leaves too few points for the
// detector's warm-up. Round steps keep the grid (aligned to multiples of the step since the Unix epoch) when a
// panel is zoomed within a range of zoom levels, so scores at a given time do not move.
var niceSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// Constants of Grafana's Prometheus data source (pkg/promlib in grafana/grafana: models/query.go and
// intervalv2/intervalv2.go), so a panel is scored at the step it would query at.
const (
	// safeResolution is Prometheus' limit of points per series in a range query; the step is at least range/11000.
	safeResolution = 11000
	// defaultResolution is the number of points assumed when a request carries no max data points.
	defaultResolution = 1500
)

// Lookback is Prometheus' default lookback delta: a range query shows a series' latest sample at every step up to
// five minutes after it; a step longer than this can fall between two samples of a sparse series and miss them,
// so auto never raises the step above it for a series' own interval.
const Lookback = time.Duration(detectors.LookbackMs) * time.Millisecond

// Plan is what to fetch from Prometheus: the grid [FetchStart, End] at Step, of which [VisibleStart, End] is shown.
type Plan struct {
	Step         time.Duration
	FetchStart   time.Time // VisibleStart − History, on the grid
	VisibleStart time.Time // first grid time ≥ the panel's from (End when none is ≤ to: a step longer than the range)
	End          time.Time // last grid time ≤ the panel's to, never after it
	// History is the history fetched before the visible range: the training window (or the detector's warm-up, if
	// longer), cut to what fits in the points left by the visible range; at least the warm-up.
	History time.Duration
	// Wanted is the history the query asked for: max(training window, warm-up at this step).
	Wanted time.Duration
	Points int  // grid points per series, history included
	Auto   bool // the step was chosen automatically
	// Reason states the step and the history and why, for the query's notice.
	Reason string
}

// PlanInput is what the plan depends on besides the parsed query.
type PlanInput struct {
	From, To      time.Time
	Interval      time.Duration // Grafana's interval for the panel (the request's intervalMs; 0 = unknown)
	MaxDataPoints int64         // Grafana's max data points (0 = unknown: Grafana's default resolution, 1500)
	MaxPoints     int           // settings: max points per series, history included
	WarmupPoints  int           // points the detector needs before it scores
	// ScrapeInterval is the data source's scrape interval setting (0 = models.DefaultScrapeInterval): the finest
	// step auto picks.
	ScrapeInterval time.Duration
	// NativeInterval is the series' own sample interval measured from the data (NativeInterval; 0 = not measured).
	// When it is at least twice the step auto would pick, auto raises the step to it (at most Lookback).
	NativeInterval time.Duration
}

// MakePlan chooses the detection step and the fetch range.
//
// Auto: the step Grafana's Prometheus data source queries a panel at (GrafanaStep), or the series' own sample
// interval when it is at least twice that (at most Lookback). The visible range is never coarsened for history:
// the history (the training window, or the detector's warm-up if longer) is cut to the points the visible range
// leaves within MaxPoints, and the plan says so. Only when even the warm-up does not fit does the step move up the
// round steps (1s, 2s, 5s, … 1m, … 1h, … 1d, then whole days). A step set in the query is kept; its history is cut
// the same way, and an error says what to change when not even its warm-up fits.
func MakePlan(q *Parsed, in PlanInput) (Plan, error) {
	if err := checkRepresentable(in.From, in.To); err != nil {
		return Plan{}, err
	}
	if !in.To.After(in.From) {
		return Plan{}, fmt.Errorf("the time range is empty (from %s to %s); choose a longer range", in.From, in.To)
	}
	if q.Step > 0 {
		p, ok := plan(q.Step, q.TrainingWindow, in)
		if !ok {
			return Plan{}, fmt.Errorf("step %s gives %d points per series for the range (%s) and the detector's "+
				"warm-up (%d points), more than the limit of %d; use a coarser step or auto, or raise \"max points\" "+
				"in the data source settings", fmtDur(q.Step), visiblePoints(q.Step, in)+in.WarmupPoints,
				fmtDur(in.To.Sub(in.From)), in.WarmupPoints, in.MaxPoints)
		}
		p.Reason = fmt.Sprintf("Detection step %s (set in the query). %s%s", fmtDur(q.Step), historyText(p, in),
			beforeRangeText(p, in))
		return p, nil
	}
	scrape := in.ScrapeInterval
	if scrape <= 0 {
		scrape = models.DefaultScrapeInterval
	}
	base := GrafanaStep(in.From, in.To, in.Interval, scrape, in.MaxDataPoints)
	basis := fmt.Sprintf("Grafana's Prometheus step for this query, %s (%s)", fmtDur(base), grafanaInputs(in, scrape))
	if native := in.NativeInterval; native >= 2*base {
		if raised := min(native.Round(time.Second), Lookback); raised > base {
			limit := ""
			if raised < native {
				limit = fmt.Sprintf(", at most Prometheus' lookback of %s, past which a range query misses samples", fmtDur(Lookback))
			}
			basis = fmt.Sprintf("the series' own sample interval, %s measured from the data%s, instead of %s: a "+
				"finer step only repeats each sample", fmtDur(native), limit, basis)
			base = raised
		}
	}
	for _, step := range candidateSteps(base) {
		p, ok := plan(step, q.TrainingWindow, in)
		if !ok {
			continue
		}
		p.Auto = true
		if step == base {
			p.Reason = fmt.Sprintf("Detection step %s (auto: %s). %s", fmtDur(step), basis, historyText(p, in))
		} else {
			p.Reason = fmt.Sprintf("Detection step %s (auto: the next round step above %s, at which the range and "+
				"the detector's warm-up of %d points need %d points per series, more than the limit of %d). %s",
				fmtDur(step), basis, in.WarmupPoints, visiblePoints(base, in)+in.WarmupPoints, in.MaxPoints,
				historyText(p, in))
		}
		p.Reason += beforeRangeText(p, in)
		return p, nil
	}
	return Plan{}, fmt.Errorf("the range and the detector's warm-up are too long for %d points per series even at "+
		"a one-year step; shorten the range or raise \"max points\" in the data source settings", in.MaxPoints)
}

// GrafanaStep is the step Grafana's Prometheus data source queries a panel at, computed as its backend does
// (calculatePrometheusInterval in pkg/promlib/models/query.go, grafana/grafana): the interval is at least the
// scrape interval (the panel's min interval in Grafana's query runner), the range divided by max data points is
// rounded to one of Grafana's round intervals (gtime.RoundInterval) when larger, and the step is at least the range
// divided by Prometheus' 11,000-point limit, rounded the same way. Vigil's steps are whole seconds, so at least 1s.
func GrafanaStep(from, to time.Time, interval, scrape time.Duration, maxDataPoints int64) time.Duration {
	minInterval := max(interval, scrape)
	resolution := maxDataPoints
	if resolution <= 0 {
		resolution = defaultResolution
	}
	span := to.Sub(from)
	step := minInterval
	if calculated := span / time.Duration(resolution); calculated >= minInterval {
		step = gtime.RoundInterval(calculated)
	}
	step = max(step, gtime.RoundInterval(span/safeResolution))
	return max(step.Round(time.Second), time.Second)
}

// candidateSteps are base, then the round steps above it, then whole days up to a year.
func candidateSteps(base time.Duration) []time.Duration {
	out := []time.Duration{base}
	for _, s := range niceSteps {
		if s > base {
			out = append(out, s)
		}
	}
	for d := 2; d <= 366; d++ {
		if s := time.Duration(d) * 24 * time.Hour; s > base {
			out = append(out, s)
		}
	}
	return out
}

// plan lays the grid at step: the visible range, then as much of the wanted history as the points left allow. ok is
// false when the visible range and the warm-up do not fit in MaxPoints. The grid never passes the range's end: when
// no grid time falls in [From, To] (a step longer than the range), the visible range is the one grid time before To,
// as Grafana's Prometheus data source floors start and end to the step (AlignTimeRange in pkg/promlib/models/query.go,
// grafana/grafana); beforeRangeText says so.
func plan(step, training time.Duration, in PlanInput) (Plan, bool) {
	visibleStart := ceilTo(in.From, step)
	end := floorTo(in.To, step)
	if end.Before(visibleStart) {
		visibleStart = end
	}
	visible := int64(end.Sub(visibleStart)/step) + 1
	warmup := int64(in.WarmupPoints)
	// int64 arithmetic: a warm-up of 1e6 points at a day's step exceeds a Duration (~292 years). Found by FuzzPlan.
	if visible+warmup > int64(in.MaxPoints) {
		return Plan{}, false
	}
	// Histories are capped at ~146 years (half a Duration's range), which no Prometheus holds.
	limit := int64(math.MaxInt64/2) / int64(step)
	if warmup > limit {
		return Plan{}, false
	}
	wantedPoints := min(max(ceilDiv(training, step), warmup), limit)
	points := min(wantedPoints, int64(in.MaxPoints)-visible)
	history := time.Duration(points) * step
	wanted := time.Duration(wantedPoints) * step
	return Plan{Step: step, FetchStart: visibleStart.Add(-history), VisibleStart: visibleStart, End: end,
		History: history, Wanted: wanted, Points: int(visible + points)}, true
}

// Earliest and Latest bound the times a query may use: Prometheus holds nothing before the Unix epoch, and Go's and
// Grafana's nanosecond timestamps (time.Time.UnixNano, which Grafana's plugin protocol goes through) end in April
// 2262, after which a time wraps around to one before 1970.
var (
	Earliest = time.Unix(0, 0).UTC()
	Latest   = time.Unix(0, math.MaxInt64).UTC()
)

// checkRepresentable refuses a range with a time outside [Earliest, Latest]: a range after 2262 reaches the plugin
// wrapped around to one before 1970 (2300-01-01 arrives as 1715-06-06), which must not run as if it were asked for.
func checkRepresentable(from, to time.Time) error {
	for _, t := range []time.Time{from, to} {
		if t.Before(Earliest) || t.After(Latest) {
			return fmt.Errorf("the time range (from %s to %s) is outside the times Vigil can query, 1970-01-01 to "+
				"2262-04-11: Prometheus holds nothing before 1970, and Grafana counts time in nanoseconds since 1970, "+
				"which end in April 2262 (a later time reaches the data source wrapped around to one before 1970); "+
				"choose a range between 1970 and 2262", from.UTC(), to.UTC())
		}
	}
	return nil
}

// beforeRangeText explains a plan whose only point lies before the range: the step is longer than the range, so no
// grid time falls in it and the last one before its end is scored.
func beforeRangeText(p Plan, in PlanInput) string {
	if !p.VisibleStart.Before(in.From) {
		return ""
	}
	return fmt.Sprintf(" The step %s is longer than the range (%s) and no step time falls in it, so the last one "+
		"before its end, %s, is scored (Grafana's Prometheus data source floors start and end to the step the same "+
		"way); for a point inside the range choose a step of at most %s or a longer range.", fmtDur(p.Step),
		fmtDur(in.To.Sub(in.From)), p.End, fmtDur(in.To.Sub(in.From)))
}

func visiblePoints(step time.Duration, in PlanInput) int {
	end := floorTo(in.To, step)
	start := ceilTo(in.From, step)
	if end.Before(start) {
		return 1
	}
	return int(end.Sub(start)/step) + 1
}

// historyText says how much history the plan fetches and, when it is less than the query asked for, why and what
// to change.
func historyText(p Plan, in PlanInput) string {
	if p.History >= p.Wanted {
		return fmt.Sprintf("History: %s before the range.", fmtDur(p.History))
	}
	return fmt.Sprintf("History: %s of the %s asked for (training window or warm-up), as much as fits in %d "+
		"points per series at this step; raise \"max points\" in the data source settings or set a coarser step to "+
		"use all of it.", fmtDur(p.History), fmtDur(p.Wanted), in.MaxPoints)
}

// grafanaInputs names what GrafanaStep was computed from.
func grafanaInputs(in PlanInput, scrape time.Duration) string {
	interval := "no panel interval"
	if in.Interval > 0 {
		interval = "panel interval " + fmtDur(in.Interval)
	}
	points := fmt.Sprintf("max data points %d", in.MaxDataPoints)
	if in.MaxDataPoints <= 0 {
		points = fmt.Sprintf("no max data points (Grafana assumes %d)", defaultResolution)
	}
	return fmt.Sprintf("%s, scrape interval %s, %s", interval, fmtDur(scrape), points)
}

// ceilDiv is the number of steps that cover d (0 for d ≤ 0).
func ceilDiv(d, step time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	n := int64(d / step)
	if d%step != 0 {
		n++
	}
	return n
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
