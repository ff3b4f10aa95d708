package plugin

import (
	"fmt"
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// selectSeries chooses the series a query analyses and returns: only series with a value in the visible (or, for
// an alert rule, evaluated) range, since a series seen only in the history before it (a pod that is gone) would be
// an empty legend entry or an alert instance without a value; of those, the first maxSeries in the order Prometheus
// returned them. The notices say how many were left out and by which rule.
func selectSeries(all []prom.Series, plan query.Plan, maxSeries int) ([]prom.Series, notices) {
	from := plan.VisibleStart.UnixMilli()
	var visible []prom.Series
	for _, s := range all {
		if hasValueFrom(s, from) {
			visible = append(visible, s)
		}
	}
	var notes notices
	if hidden := len(all) - len(visible); hidden > 0 {
		notes = append(notes, data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
			"%d of the %d series have no value in the time range, only in the history before it (e.g. pods that are "+
				"gone), so they are not returned.", hidden, len(all))})
	}
	if len(visible) > maxSeries {
		notes.warn(fmt.Sprintf("%d series have values in the time range, more than the \"max series\" limit of %d: "+
			"the first %d (in the order Prometheus returned them) are analysed, %d dropped. Series with values in the "+
			"range are kept before series seen only in the history. Narrow the query with label matchers or an "+
			"aggregation, or raise the limit.", len(visible), maxSeries, maxSeries, len(visible)-maxSeries))
		visible = visible[:maxSeries]
	}
	return visible, notes
}

// hasValueFrom reports whether the series has a finite value at or after fromMs (±Inf and NaN are missing points).
func hasValueFrom(s prom.Series, fromMs int64) bool {
	for i := len(s.T) - 1; i >= 0 && s.T[i] >= fromMs; i-- {
		if x := s.V[i]; !math.IsNaN(x) && !math.IsInf(x, 0) {
			return true
		}
	}
	return false
}
