package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// maxConcurrentQueries bounds how many queries of one request run at once (each already uses all cores for
// its detectors, so more would only add memory).
const maxConcurrentQueries = 4

// QueryData answers every query independently: one query's error never affects another. Where the request comes
// from (a panel, an expression, an alert or recording rule: requestOrigin) sets the default output.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	origin := requestOrigin(req)
	return concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) backend.DataResponse {
		return d.safeQuery(ctx, q.DataQuery, origin)
	}, maxConcurrentQueries)
}

// safeQuery is the last line of defence: a panic becomes this query's internal error, never a crash.
func (d *Datasource) safeQuery(ctx context.Context, q backend.DataQuery, origin query.Origin) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("Vigil query panicked", "refId", q.RefID, "panic", fmt.Sprint(r))
			res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				fmt.Sprintf("internal error in Vigil while running query %s: %v; please report it", q.RefID, r))
		}
	}()
	if d.settingsErr != nil {
		// The user's to fix in the data source settings (a missing URL, a bad certificate…): downstream, like
		// every other error a user fixes.
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			"data source settings: "+d.settingsErr.Error())
	}
	return d.runQuery(ctx, q, origin)
}

// runQuery answers one query: parse → plan, replace Grafana's variables and query_range (fetch.go) → keep the
// series with values in the range (select_series.go) → detect per series (or per group) → cut to the visible range
// → frames with notices.
func (d *Datasource) runQuery(ctx context.Context, dq backend.DataQuery, origin query.Origin) backend.DataResponse {
	q, err := query.ParseFrom(dq.JSON, d.settings, origin)
	if err != nil {
		return errorResponse(err)
	}
	f, err := d.fetch(ctx, q, dq)
	if err != nil {
		return errorResponse(err)
	}
	plan, notes := f.plan, f.notes
	if len(f.series) == 0 {
		// Only when Prometheus returned nothing: series it returned but selectSeries left out have their own notice.
		notes = append(notes, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "The PromQL query returned no series in this time range."})
	}
	series, selected := selectSeries(f.series, plan, d.settings.MaxSeries)
	notes = append(notes, selected...)
	if err := checkTotalPoints(len(series), plan.Points, d.settings.MaxTotalPoints); err != nil {
		return errorResponse(err)
	}
	grid := toGrid(series, plan)
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
	q.Expr = f.expr // frames name the query Prometheus ran
	visible := cutVisible(grid, results, plan, q, series)
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
