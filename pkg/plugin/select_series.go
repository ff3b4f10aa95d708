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
// returned them. The notices say how many were left out and by which rule: a series whose values in the range are
// all +Inf or -Inf (e.g. a division by zero) is named as such, not as a series seen only in the history.
func selectSeries(all []prom.Series, plan query.Plan, maxSeries int) ([]prom.Series, notices) {
	from := plan.VisibleStart.UnixMilli()
	var visible []prom.Series
	infinite := 0
	for _, s := range all {
		switch finite, inf := valuesFrom(s, from); {
		case finite:
			visible = append(visible, s)
		case inf:
			infinite++
		}
	}
	var notes notices
	if infinite > 0 {
		notes.warn(fmt.Sprintf("%d of the %d series have only +Inf or -Inf values in the time range (e.g. a division "+
			"by zero in the query), which are treated as missing, so they are not returned. Guard the division in the "+
			"query (e.g. `a / (b > 0)`) to score them.", infinite, len(all)))
	}
	if hidden := len(all) - len(visible) - infinite; hidden > 0 {
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

// valuesFrom reports whether the series has a finite value at or after fromMs and, if not, whether it has a ±Inf
// value there (NaN is a missing point; ±Inf is treated as one too, toGrid).
func valuesFrom(s prom.Series, fromMs int64) (finite, infinite bool) {
	for i := len(s.T) - 1; i >= 0 && s.T[i] >= fromMs; i-- {
		switch x := s.V[i]; {
		case math.IsInf(x, 0):
			infinite = true
		case !math.IsNaN(x):
			return true, false
		}
	}
	return false, infinite
}
