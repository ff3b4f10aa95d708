package frames

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// SeriesForecast is a series' forecast past now (Unix ms) for the forecasting outputs (docs/output-frames.md).
type SeriesForecast struct {
	Now int64
	detectors.Forecast
}

// CrossingLabel is the label that tells the two numbers of the threshold output apart: "expected" (the forecast
// reaches the threshold) and "band" (its band does: the earliest it may).
const CrossingLabel = "crossing"

// ForecastBand is the forecast output for panels: Band's frames with the expected value and band continued past now
// (the added frames' times run on past the series' last time, the value frames stop at now; score and anomaly have
// no value there). The field config is the shared description's, so a stock time series panel draws the dashed
// expected line on into the future with its band, which widens with the horizon. Series without a forecast are
// drawn as by Band.
func ForecastBand(series []Series) data.Frames {
	extended := make([]Series, len(series))
	for i, s := range series {
		extended[i] = s
		if f := s.Forecast; f != nil && len(f.T) > 0 {
			extended[i] = withForecast(s, f.Forecast)
		}
	}
	return append(valueFrames(series), addedFrames(extended)...)
}

func withForecast(s Series, f detectors.Forecast) Series {
	n := len(f.T)
	blank := make([]float64, n)
	for i := range blank {
		blank[i] = math.NaN()
	}
	cat := func(a, b []float64) []float64 { return append(append(make([]float64, 0, len(a)+n), a...), b...) }
	s.T = append(append(make([]int64, 0, len(s.T)+n), s.T...), f.T...)
	s.V = cat(s.V, blank)
	s.R = detectors.Result{
		Expected: cat(s.R.Expected, f.Expected), Lower: cat(s.R.Lower, f.Lower), Upper: cat(s.R.Upper, f.Upper),
		Score: cat(s.R.Score, blank), Anomaly: append(append(make([]bool, 0, len(s.V)), s.R.Anomaly...), make([]bool, n)...),
		Warmup: s.R.Warmup,
	}
	return s
}

// numericMeta marks a frame as data plane numeric-multi (one labelled number per frame), which server-side
// expressions and alert rules read without a reduce step.
func numericMeta() *data.FrameMeta {
	return &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
}

// TimeToThreshold is the threshold output for alert rules: per series two numeric-multi frames, the seconds from now
// until the expected value first reaches the threshold and until the band first does, told apart by the label
// crossing="expected" / "band" next to the series' labels (so every number is uniquely identified, as server-side
// expressions require). 0 when the series' last value at or before now has reached it already (the forecast starts
// one step after now, so it would say one step), +Inf when it does not within the horizon, null when the series has
// no forecast (too little history). Unit s, so a stat panel reads "18 hours". An empty result is one typed frame
// without fields.
func TimeToThreshold(series []Series, th detectors.Threshold) data.Frames {
	var out data.Frames
	for _, s := range series {
		if s.Forecast == nil {
			continue
		}
		c := detectors.FirstCrossing(s.Forecast.Forecast, th)
		has := hasValue(s.Forecast.Expected)
		already := th.Reached(lastValueAt(s, s.Forecast.Now))
		for _, kind := range []struct {
			name string
			at   int64
			ok   bool
		}{{"expected", c.Expected, c.ExpectedOK}, {"band", c.Band, c.BandOK}} {
			var v *float64
			if has {
				x := math.Inf(1)
				switch {
				case already:
					x = 0
				case kind.ok:
					x = float64(kind.at-s.Forecast.Now) / 1000
				}
				v = &x
			}
			labels := data.Labels{}
			for k, x := range s.Labels {
				labels[k] = x
			}
			labels[CrossingLabel] = kind.name
			f := data.NewField("seconds", labels, []*float64{v})
			f.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend + " (" + kind.name + ")", Unit: "s"}
			frame := data.NewFrame("threshold", f)
			frame.Meta = numericMeta()
			out = append(out, frame)
		}
	}
	if len(out) == 0 {
		frame := data.NewFrame("threshold")
		frame.Meta = numericMeta()
		out = data.Frames{frame}
	}
	return out
}

// lastValueAt is the series' last valid value at or before now (Unix ms); NaN when there is none.
func lastValueAt(s Series, now int64) float64 {
	for i := len(s.T) - 1; i >= 0; i-- {
		if s.T[i] <= now && !math.IsNaN(s.V[i]) {
			return s.V[i]
		}
	}
	return math.NaN()
}

func hasValue(xs []float64) bool {
	for _, x := range xs {
		if !math.IsNaN(x) {
			return true
		}
	}
	return false
}

// Crossings is the crossings output: one table frame "crossings", a row per series and crossing (the expected
// value's, the band's) within the horizon, ordered by time, with the fields Grafana's annotation processing reads
// (time, timeEnd, title, text, tags) and the facts: series, labels (JSON), crossing (expected | band), value (the
// forecast there for an expected row, the band's edge on the threshold's side for a band row; a band row's text gives
// both), threshold, direction (above | below), secondsFromNow, detector.
func Crossings(series []Series, th detectors.Threshold, detectorID string) *data.Frame {
	type row struct {
		at, now      int64
		series       string
		labels       string
		kind         string
		value, level float64
		expected     float64 // the forecast (expected value) at the row's time: a band row's value is the band edge
	}
	direction := "below"
	if th.Above {
		direction = "above"
	}
	var rows []row
	for _, s := range series {
		if s.Forecast == nil {
			continue
		}
		c := detectors.FirstCrossing(s.Forecast.Forecast, th)
		labels, _ := json.Marshal(s.Labels)
		add := func(kind string, at int64, ok bool, values []float64) {
			if ok {
				i := sort.Search(len(s.Forecast.T), func(i int) bool { return s.Forecast.T[i] >= at })
				rows = append(rows, row{at: at, now: s.Forecast.Now, series: s.Legend, labels: string(labels),
					kind: kind, value: values[i], level: th.Value, expected: s.Forecast.Expected[i]})
			}
		}
		add("expected", c.Expected, c.ExpectedOK, s.Forecast.Expected)
		edge := s.Forecast.Lower
		if th.Above {
			edge = s.Forecast.Upper
		}
		add("band", c.Band, c.BandOK, edge)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at < rows[j].at })
	n := len(rows)
	at := make([]time.Time, n)
	titles, texts, tags := make([]string, n), make([]string, n), make([]string, n)
	names, labels, kinds := make([]string, n), make([]string, n), make([]string, n)
	values, levels, seconds := make([]float64, n), make([]float64, n), make([]float64, n)
	directions, dets := make([]string, n), make([]string, n)
	for i, r := range rows {
		at[i] = time.UnixMilli(r.at).UTC()
		seconds[i] = float64(r.at-r.now) / 1000
		what := "the forecast reaches"
		if r.kind == "band" {
			what = "the forecast band reaches"
		}
		titles[i] = fmt.Sprintf("%s: %s %g (%s)", r.series, what, r.level, direction)
		texts[i] = fmt.Sprintf("%s %g in %s (forecast %g, detector %s).", what, r.level,
			formatSeconds(seconds[i]), r.value, detectorID)
		if r.kind == "band" {
			texts[i] = fmt.Sprintf("%s %g in %s (band edge %g, forecast %g, detector %s).", what, r.level,
				formatSeconds(seconds[i]), r.value, r.expected, detectorID)
		}
		tags[i] = "vigil,forecast," + r.kind
		names[i], labels[i], kinds[i] = r.series, r.labels, r.kind
		values[i], levels[i], directions[i], dets[i] = r.value, r.level, direction, detectorID
	}
	return data.NewFrame("crossings",
		data.NewField("time", nil, at),
		data.NewField("timeEnd", nil, append([]time.Time(nil), at...)),
		data.NewField("title", nil, titles),
		data.NewField("text", nil, texts),
		data.NewField("tags", nil, tags),
		data.NewField("series", nil, names),
		data.NewField("labels", nil, labels),
		data.NewField("crossing", nil, kinds),
		data.NewField("value", nil, values),
		data.NewField("threshold", nil, levels),
		data.NewField("direction", nil, directions),
		data.NewField("secondsFromNow", nil, seconds),
		data.NewField("detector", nil, dets),
	)
}

// formatSeconds writes a duration for people: "45 min", "18 h", "3.5 d".
func formatSeconds(s float64) string {
	switch {
	case s < 3600:
		return fmt.Sprintf("%.0f min", s/60)
	case s < 2*86400:
		return fmt.Sprintf("%.1f h", s/3600)
	default:
		return fmt.Sprintf("%.1f d", s/86400)
	}
}
