package plugin

import (
	"context"
	"fmt"
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// nativeSampleSeries is how many series the sample interval is measured on: enough for a robust smallest median,
// few enough that a query with thousands of series does not build them all on the grid twice.
const nativeSampleSeries = 64

// fetched is a query's series from Prometheus with the plan they were fetched at.
type fetched struct {
	plan   query.Plan
	expr   string // the PromQL sent, Grafana's variables replaced
	series []prom.Series
	notes  notices
}

// fetch plans the query (query.MakePlan), replaces Grafana's interval and range variables for the plan's step
// (query.Interpolate) and runs the range query. With an auto step it then measures the series' own sample interval
// (query.NativeInterval) and, when it calls for a coarser step, plans and fetches again at it; with a set step it
// only warns when the step is far below that interval. The notices say which step, history and variable values were
// used.
func (d *Datasource) fetch(ctx context.Context, q *query.Parsed, dq backend.DataQuery) (fetched, error) {
	in := query.PlanInput{
		From: dq.TimeRange.From, To: dq.TimeRange.To, Interval: dq.Interval, MaxDataPoints: dq.MaxDataPoints,
		MaxPoints: d.settings.MaxPoints, WarmupPoints: q.Detector.Warmup, ScrapeInterval: d.settings.ScrapeInterval,
	}
	f, err := d.fetchAt(ctx, q, dq, in)
	if err != nil || len(f.series) == 0 {
		return f, err
	}
	native := query.NativeInterval(f.plan.Step, sampleGrid(f.series, f.plan))
	if !f.plan.Auto {
		if native >= 2*f.plan.Step {
			f.notes.warn(fmt.Sprintf("The series have a sample every %s (measured from the data), far more than the "+
				"step %s set in the query: each sample repeats on several points (the detectors count a repeat once). "+
				"Set a step of at least %s, or auto.", models.FormatDuration(native),
				models.FormatDuration(f.plan.Step), models.FormatDuration(min(native, query.Lookback))))
		}
		return f, nil
	}
	in.NativeInterval = native
	again, err := query.MakePlan(q, in)
	if err != nil || again.Step == f.plan.Step {
		return f, nil // the measured interval changes nothing (or cannot be planned: keep what was fetched)
	}
	return d.fetchAt(ctx, q, dq, in)
}

// fetchAt plans with in, replaces the variables for the plan's step and runs the range query.
func (d *Datasource) fetchAt(ctx context.Context, q *query.Parsed, dq backend.DataQuery, in query.PlanInput) (fetched, error) {
	plan, err := query.MakePlan(q, in)
	if err != nil {
		return fetched{}, err
	}
	expr, used := query.Interpolate(q.Expr, query.Variables{
		Step: plan.Step, Range: dq.TimeRange.To.Sub(dq.TimeRange.From), Scrape: d.settings.ScrapeInterval,
	})
	series, err := d.client.QueryRange(ctx, prom.Range{Expr: expr, Start: plan.FetchStart, End: plan.End, Step: plan.Step})
	if err != nil {
		return fetched{}, err
	}
	f := fetched{plan: plan, expr: expr, series: series, notes: notices{{Severity: data.NoticeSeverityInfo, Text: plan.Reason}}}
	if used != "" {
		f.notes = append(f.notes, data.Notice{Severity: data.NoticeSeverityInfo, Text: used})
	}
	return f, nil
}

// sampleGrid lays up to nativeSampleSeries series on the plan's grid (NaN where there is no value) for
// query.NativeInterval.
func sampleGrid(series []prom.Series, plan query.Plan) [][]float64 {
	step := plan.Step.Milliseconds()
	start := plan.FetchStart.UnixMilli()
	out := make([][]float64, 0, min(len(series), nativeSampleSeries))
	for _, s := range series[:min(len(series), nativeSampleSeries)] {
		v := make([]float64, plan.Points)
		for i := range v {
			v[i] = math.NaN()
		}
		for j, ts := range s.T {
			if k := (ts - start) / step; k >= 0 && k < int64(len(v)) && (ts-start)%step == 0 {
				v[k] = s.V[j]
			}
		}
		out = append(out, v)
	}
	return out
}
