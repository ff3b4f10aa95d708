package plugin

import (
	"fmt"
	"math"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/frames"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// wallClock is the current time; tests replace it.
var wallClock = time.Now

// addForecasts gives every visible series its forecast for the forecasting outputs (docs/output-frames.md). Now is
// the end of the query's range, or the current time when the range reaches into the future (a panel that shows the
// next day); the forecast starts at the last grid time at or before it and runs on the query's step for the horizon
// (the part of the range after now when the query sets none), from the state the detector reaches at the series'
// last valid point up to now. It returns a notice when some series have too little history to forecast.
func addForecasts(q *query.Parsed, g grid, plan query.Plan, to time.Time, visible []frames.Series, maxPoints int) (string, error) {
	step := plan.Step.Milliseconds()
	nowMs := min(to.UnixMilli(), wallClock().UnixMilli())
	origin := nowMs - ((nowMs%step)+step)%step
	horizon := q.Forecast.Horizon
	if horizon == 0 {
		horizon = to.Sub(time.UnixMilli(origin))
		if horizon < plan.Step {
			return "", fmt.Errorf("the %s output needs a horizon: set one in the query (e.g. 1d), or let the panel's "+
				"time range reach past now (e.g. now-7d to now+1d)", q.Output)
		}
	}
	points := int64(horizon / plan.Step)
	if points < 1 {
		return "", fmt.Errorf("horizon %s is shorter than the detection step %s; set a longer horizon or a finer step",
			models.FormatDuration(horizon), models.FormatDuration(plan.Step))
	}
	if points > int64(maxPoints) {
		return "", fmt.Errorf("horizon %s is %d steps of %s, more than the %d points per series the data source "+
			"allows (\"max points\"); set a shorter horizon or a coarser step", models.FormatDuration(horizon), points,
			models.FormatDuration(plan.Step), maxPoints)
	}
	times := detectors.ForecastTimes(origin, step, points*step)
	cold := 0
	for i, s := range g.series {
		end := 0
		for end < len(s.T) && s.T[end] <= origin {
			end++
		}
		f, err := detectors.ForecastSeries(q.Detector, detectors.Series{T: s.T[:end], V: s.V[:end]}, times)
		if err != nil {
			return "", err
		}
		if allNaN(f.Expected) {
			cold++
		}
		visible[i].Forecast = &frames.SeriesForecast{Now: origin, Forecast: f}
	}
	if cold == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d of %d series have no forecast: %s needs more history before now (for holt_winters two "+
		"seasons, for seasonal its seasons of history, for auto two seasons or two hours). Widen the training window "+
		"(now %s).", cold, len(g.series), q.DetectorID, models.FormatDuration(q.TrainingWindow)), nil
}

func allNaN(xs []float64) bool {
	for _, x := range xs {
		if !math.IsNaN(x) {
			return false
		}
	}
	return true
}
