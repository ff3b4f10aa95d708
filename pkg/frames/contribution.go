package frames

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// maxContributors bounds the contribution list of one event (the rest share what is left).
const maxContributors = 10

// SeriesContribution is one entry of an event's "contribution" field: which series of the group, its share of
// the anomaly and its deviation in robust standard deviations (detectors.Contributions).
type SeriesContribution struct {
	Series    string  `json:"series"`
	Share     float64 `json:"share"`
	Deviation float64 `json:"deviation"`
}

// AddContribution appends a string field "contribution" to an events frame of a multivariate detector: for each
// event, a JSON list of the series that contributed to it at its peak, largest share first, at most 10, series
// with share 0 left out (e.g. `[{"series":"cpu","share":0.93,"deviation":12.1}]`). series is the group the
// detector scored (the returned range), det the query's prepared detector. Events of univariate
// detectors get no field: a single series explains itself.
func AddContribution(events *data.Frame, series []Series, det *detectors.Prepared) error {
	peak, _ := events.FieldByName("peakTime")
	if peak == nil {
		return fmt.Errorf("the events frame has no peakTime field")
	}
	group := make([]detectors.Series, len(series))
	for i, s := range series {
		group[i] = detectors.Series{T: s.T, V: s.V}
	}
	values := make([]string, events.Rows())
	for row := range values {
		at, _ := peak.ConcreteAt(row)
		t, ok := at.(time.Time)
		if !ok {
			values[row] = "[]"
			continue
		}
		shares, err := detectors.Contributions(det.Detector.ID, group, t.UnixMilli(), detectors.RawParams(det.Params))
		if err != nil {
			return err
		}
		list := make([]SeriesContribution, 0, len(shares))
		for i, c := range shares {
			if c.Share > 0 {
				list = append(list, SeriesContribution{Series: series[i].Legend, Share: c.Share, Deviation: finiteOr0(c.Deviation)})
			}
		}
		slices.SortStableFunc(list, func(a, b SeriesContribution) int { return cmp.Compare(b.Share, a.Share) })
		if len(list) > maxContributors {
			list = list[:maxContributors]
		}
		raw, err := json.Marshal(list)
		if err != nil {
			return err
		}
		values[row] = string(raw)
	}
	events.Fields = append(events.Fields, data.NewField("contribution", nil, values))
	return nil
}

func finiteOr0(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
