package frames

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// Events is the table of anomaly events of all series, ordered by start time: the annotations path reads time,
// timeEnd, title, text and tags; the explanations panel reads the rest.
func Events(series []Series, detectorID string) *data.Frame {
	type row struct {
		ev     detectors.Event
		legend string
	}
	var rows []row
	for _, s := range series {
		for _, ev := range detectors.GroupEvents(detectors.Series{T: s.T, V: s.V}, s.R, s.Labels) {
			rows = append(rows, row{ev, s.Legend})
		}
	}
	// Stable, so events of one series stay in series order on equal starts.
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.ev.Start, b.ev.Start) })
	n := len(rows)
	var (
		start, end, peak              = make([]time.Time, n), make([]time.Time, n), make([]time.Time, n)
		title, text, tags, name, lbls = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		peakValue, expected, maxScore = make([]*float64, n), make([]*float64, n), make([]*float64, n)
		direction, detector           = make([]string, n), make([]string, n)
		points                        = make([]int64, n)
	)
	for i, r := range rows {
		ev := r.ev
		start[i], end[i], peak[i] = ms(ev.Start), ms(ev.End), ms(ev.PeakTime)
		title[i] = fmt.Sprintf("Anomaly: %s %s %s× band", r.legend, ev.Direction, strconv.FormatFloat(ev.MaxScore, 'f', 1, 64))
		text[i] = eventText(ev, detectorID)
		tags[i] = "vigil,anomaly," + ev.Direction
		name[i] = r.legend
		labels, _ := json.Marshal(ev.SeriesLabels)
		lbls[i] = string(labels)
		peakValue[i], expected[i], maxScore[i] = finite(ev.PeakValue), finite(ev.ExpectedAtPeak), finite(ev.MaxScore)
		direction[i], detector[i], points[i] = ev.Direction, detectorID, int64(ev.Points)
	}
	return data.NewFrame("events",
		data.NewField("time", nil, start),
		data.NewField("timeEnd", nil, end),
		data.NewField("title", nil, title),
		data.NewField("text", nil, text),
		data.NewField("tags", nil, tags),
		data.NewField("series", nil, name),
		data.NewField("labels", nil, lbls),
		data.NewField("peakTime", nil, peak),
		data.NewField("peakValue", nil, peakValue),
		data.NewField("expectedAtPeak", nil, expected),
		data.NewField("maxScore", nil, maxScore),
		data.NewField("direction", nil, direction),
		data.NewField("points", nil, points),
		data.NewField("detector", nil, detector),
	)
}

func eventText(ev detectors.Event, detectorID string) string {
	when := ms(ev.PeakTime).Format("2006-01-02 15:04:05 UTC")
	observed := "observed " + num(ev.PeakValue)
	if !math.IsNaN(ev.ExpectedAtPeak) {
		observed += " vs expected " + num(ev.ExpectedAtPeak)
	}
	return fmt.Sprintf("Peak at %s: %s (score %s); %d anomalous point(s) from %s to %s; detector %s.",
		when, observed, num(ev.MaxScore), ev.Points,
		ms(ev.Start).Format("15:04:05"), ms(ev.End).Format("15:04:05"), detectorID)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func ms(t int64) time.Time { return time.UnixMilli(t).UTC() }

func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
