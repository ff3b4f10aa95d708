package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// dataPlaneMeta marks a frame as data plane timeseries-multi (one series per frame), the form server-side
// expressions, alerting and recording rules read.
func dataPlaneMeta() *data.FrameMeta {
	return &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
}

// Score is one timeseries-multi frame: time + a nullable float64 field "score" with the series labels; null where
// the detector has no score (warm-up or a missing point).
func Score(s Series) *data.Frame {
	f := data.NewField("score", data.Labels(s.Labels), nullable(s.R.Score))
	f.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend}
	frame := data.NewFrame("score", data.NewField("time", nil, times(s.T)), f)
	frame.Meta = dataPlaneMeta()
	return frame
}

// Anomaly is one timeseries-multi frame: time + a float64 field "anomaly" (1 anomalous, 0 not) with the labels.
func Anomaly(s Series) *data.Frame {
	flags := make([]float64, len(s.R.Anomaly))
	for i, a := range s.R.Anomaly {
		if a {
			flags[i] = 1
		}
	}
	f := data.NewField("anomaly", data.Labels(s.Labels), flags)
	f.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend}
	frame := data.NewFrame("anomaly", data.NewField("time", nil, times(s.T)), f)
	frame.Meta = dataPlaneMeta()
	return frame
}

// EmptyDataPlane is the data plane "no data" answer for score / anomaly: a typed frame without fields.
func EmptyDataPlane(name string) *data.Frame {
	frame := data.NewFrame(name)
	frame.Meta = dataPlaneMeta()
	return frame
}
