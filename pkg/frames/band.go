package frames

import (
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Band colours: the band and expected line share a neutral blue so they read as "normal", markers are red.
const (
	bandColor     = "#8AB8FF"
	expectedColor = "#5794F2"
	markerColor   = "red"
)

// Band is one wide frame for a stock time series panel: time, value, expected, lower, upper, anomaly_marker,
// score. The field config draws the band filled between lower and upper, the anomaly markers as red points and
// hides score from the graph while keeping it in the tooltip, with no panel overrides. No data-plane type: band
// frames are for panels only.
func Band(s Series) *data.Frame {
	labels := data.Labels(s.Labels)
	marker := make([]float64, len(s.V))
	for i, x := range s.V {
		marker[i] = math.NaN()
		if s.R.Anomaly[i] {
			marker[i] = x
		}
	}
	value := data.NewField("value", labels, nullable(s.V))
	value.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend}

	expected := data.NewField("expected", labels, nullable(s.R.Expected))
	expected.Config = &data.FieldConfig{
		DisplayNameFromDS: s.Legend + " expected",
		Color:             fixedColor(expectedColor),
		Custom: map[string]any{
			"lineWidth":   1,
			"lineStyle":   map[string]any{"fill": "dash", "dash": []int{10, 10}},
			"fillOpacity": 0,
			"showPoints":  "never",
		},
	}
	lowerName := s.Legend + " lower"
	lower := data.NewField("lower", labels, nullable(s.R.Lower))
	lower.Config = &data.FieldConfig{
		DisplayNameFromDS: lowerName,
		Color:             fixedColor(bandColor),
		Custom: map[string]any{
			"lineWidth": 0, "fillOpacity": 0, "showPoints": "never",
			"hideFrom": map[string]any{"legend": true, "tooltip": false, "viz": false},
		},
	}
	upper := data.NewField("upper", labels, nullable(s.R.Upper))
	upper.Config = &data.FieldConfig{
		DisplayNameFromDS: s.Legend + " upper",
		Color:             fixedColor(bandColor),
		Custom: map[string]any{
			"lineWidth": 0, "fillOpacity": 20, "fillBelowTo": lowerName, "showPoints": "never",
			"hideFrom": map[string]any{"legend": true, "tooltip": false, "viz": false},
		},
	}
	anomaly := data.NewField("anomaly_marker", labels, nullable(marker))
	anomaly.Config = &data.FieldConfig{
		DisplayNameFromDS: s.Legend + " anomaly",
		Color:             fixedColor(markerColor),
		Custom: map[string]any{
			"drawStyle": "points", "showPoints": "always", "pointSize": 9, "lineWidth": 0, "fillOpacity": 0,
		},
	}
	score := data.NewField("score", labels, nullable(s.R.Score))
	score.Config = &data.FieldConfig{
		DisplayNameFromDS: s.Legend + " score",
		Custom: map[string]any{
			"hideFrom": map[string]any{"legend": true, "tooltip": false, "viz": true},
		},
	}
	frame := data.NewFrame(s.Legend,
		data.NewField("time", nil, times(s.T)),
		value, expected, lower, upper, anomaly, score)
	return frame
}

func fixedColor(c string) map[string]any {
	return map[string]any{"mode": "fixed", "fixedColor": c}
}
