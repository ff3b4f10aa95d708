package plugin

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/frames"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// runQuery answers one query: parse → plan the step and history → query_range → detect per series (or per
// group) → cut to the visible range → frames with notices.
func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	q, err := query.Parse(dq.JSON, d.settings)
	if err != nil {
		return errorResponse(err)
	}
	det, err := detectors.Get(q.DetectorID)
	if err != nil {
		return errorResponse(err)
	}
	warmup := 0
	if det.Warmup != nil {
		warmup = det.Warmup(q.Params)
	}
	plan, err := query.MakePlan(q, query.PlanInput{
		From: dq.TimeRange.From, To: dq.TimeRange.To, Interval: dq.Interval, MaxDataPoints: dq.MaxDataPoints,
		MaxPoints: d.settings.MaxPoints, WarmupPoints: warmup,
	})
	if err != nil {
		return errorResponse(err)
	}
	fetched, err := d.client.QueryRange(ctx, prom.Range{Expr: q.Expr, Start: plan.FetchStart, End: plan.End, Step: plan.Step})
	if err != nil {
		return errorResponse(err)
	}
	notes := notices{{Severity: data.NoticeSeverityInfo, Text: plan.Reason}}
	total := len(fetched)
	if total > d.settings.MaxSeries {
		fetched = fetched[:d.settings.MaxSeries]
		notes.warn(fmt.Sprintf("The query returned %d series; only the first %d are analysed (the \"max series\" "+
			"limit of the data source). Narrow the query with label matchers or an aggregation, or raise the limit.",
			total, d.settings.MaxSeries))
	}
	grid := toGrid(fetched, plan)
	if grid.infinite > 0 {
		notes.warn(fmt.Sprintf("%d point(s) were +Inf or -Inf (e.g. a division by zero in the query) and were "+
			"treated as missing.", grid.infinite))
	}
	if err := ctx.Err(); err != nil {
		return errorResponse(err)
	}
	results, err := detect(ctx, q, grid.series)
	if err != nil {
		return errorResponse(err)
	}
	visible := cutVisible(grid, results, plan, q, fetched)
	if w := warmupNotice(grid, results, plan, q); w != "" {
		notes.warn(w)
	}
	return backend.DataResponse{Frames: buildFrames(q, visible, notes, plan)}
}

// grid holds every series on the plan's step grid, NaN where Prometheus had no sample, so all series share
// timestamps (multivariate detectors need that) and gaps stay visible.
type grid struct {
	t        []int64
	series   []detectors.Series
	visible  int // index of the first visible point
	infinite int
}

func toGrid(fetched []prom.Series, plan query.Plan) grid {
	step := plan.Step.Milliseconds()
	start := plan.FetchStart.UnixMilli()
	n := plan.Points
	g := grid{t: make([]int64, n), series: make([]detectors.Series, len(fetched))}
	for i := range g.t {
		g.t[i] = start + int64(i)*step
	}
	g.visible = int(plan.VisibleStart.Sub(plan.FetchStart) / plan.Step)
	for i, s := range fetched {
		v := make([]float64, n)
		for j := range v {
			v[j] = math.NaN()
		}
		for j, ts := range s.T {
			k := (ts - start) / step
			if k < 0 || k >= int64(n) || (ts-start)%step != 0 {
				continue // not on the grid (cannot happen with query_range; be safe)
			}
			x := s.V[j]
			if math.IsInf(x, 0) {
				g.infinite++
				continue
			}
			v[k] = x
		}
		g.series[i] = detectors.Series{T: g.t, V: v}
	}
	return g
}

// cutVisible keeps the visible part of every series and its result.
func cutVisible(g grid, results []detectors.Result, plan query.Plan, q *query.Parsed, fetched []prom.Series) []frames.Series {
	from := g.visible
	out := make([]frames.Series, len(g.series))
	for i, s := range g.series {
		r := results[i]
		out[i] = frames.Series{
			Labels: fetched[i].Labels,
			Legend: frames.Legend(q.LegendFormat, fetched[i].Labels, q.Expr),
			T:      s.T[from:],
			V:      s.V[from:],
			R: detectors.Result{
				Expected: r.Expected[from:], Lower: r.Lower[from:], Upper: r.Upper[from:],
				Score: r.Score[from:], Anomaly: r.Anomaly[from:], Warmup: r.Warmup,
			},
		}
	}
	return out
}

// warmupNotice says when series have too little history before the visible range for the detector to score
// from its start.
func warmupNotice(g grid, results []detectors.Result, plan query.Plan, q *query.Parsed) string {
	cold, need := 0, 0
	for i, s := range g.series {
		valid := 0
		for _, x := range s.V[:g.visible] {
			if !math.IsNaN(x) {
				valid++
			}
		}
		if valid < results[i].Warmup && hasValid(s.V[g.visible:]) {
			cold++
			need = max(need, results[i].Warmup)
		}
	}
	if cold == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d series had fewer than %d points before the visible range (the detector's "+
		"warm-up, %s at step %s), so the start of the range has no band or score. Widen the training window "+
		"(now %s) or check that the metric existed earlier.", cold, len(g.series), need,
		models.FormatDuration(time.Duration(need)*plan.Step), models.FormatDuration(plan.Step),
		models.FormatDuration(q.TrainingWindow))
}

func hasValid(v []float64) bool {
	for _, x := range v {
		if !math.IsNaN(x) {
			return true
		}
	}
	return false
}
