package plugin

import (
	"fmt"
	"math"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/frames"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

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
