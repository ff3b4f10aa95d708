package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// maxConcurrentQueries bounds how many queries of one request run at once (each already uses all cores for
// its detectors, so more would only add memory).
const maxConcurrentQueries = 4

// QueryData answers every query independently: one query's error never affects another.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return d.safeQuery(ctx, q.DataQuery)
	}, maxConcurrentQueries)
}

// safeQuery is the last line of defence: a panic becomes this query's internal error, never a crash.
func (d *Datasource) safeQuery(ctx context.Context, q backend.DataQuery) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("Vigil query panicked", "refId", q.RefID, "panic", fmt.Sprint(r))
			res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("internal error in Vigil while running query %s: %v; please report it", q.RefID, r))
		}
	}()
	if d.settingsErr != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourcePlugin,
			"data source settings: "+d.settingsErr.Error())
	}
	return d.runQuery(ctx, q)
}

// runQuery answers one query: parse → plan the step and history → query_range → detect per series (or per
// group) → cut to the visible range → frames with notices.
func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	q, err := query.Parse(dq.JSON, d.settings)
	if err != nil {
		return errorResponse(err)
	}
	plan, err := query.MakePlan(q, query.PlanInput{
		From: dq.TimeRange.From, To: dq.TimeRange.To, Interval: dq.Interval, MaxDataPoints: dq.MaxDataPoints,
		MaxPoints: d.settings.MaxPoints, WarmupPoints: q.Detector.Warmup,
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
	if err := checkTotalPoints(len(fetched), plan.Points, d.settings.MaxTotalPoints); err != nil {
		return errorResponse(err)
	}
	grid := toGrid(fetched, plan)
	if grid.infinite > 0 {
		notes.warn(fmt.Sprintf("%d point(s) were +Inf or -Inf (e.g. a division by zero in the query) and were "+
			"treated as missing.", grid.infinite))
	}
	if err := ctx.Err(); err != nil {
		return errorResponse(err)
	}
	results, waited, err := detect(ctx, q, grid.series)
	if err != nil {
		return errorResponse(err)
	}
	if w := waitNotice(waited); w != "" {
		notes.warn(w)
	}
	visible := cutVisible(grid, results, plan, q, fetched)
	if w := warmupNotice(grid, results, plan, q); w != "" {
		notes.warn(w)
	}
	if q.Output.Forecasts() {
		w, err := addForecasts(q, grid, plan, dq.TimeRange.To, visible, d.settings.MaxPoints)
		if err != nil {
			return errorResponse(err)
		}
		if w != "" {
			notes.warn(w)
		}
	}
	return backend.DataResponse{Frames: buildFrames(q, visible, notes, plan)}
}
