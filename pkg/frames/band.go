package frames

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Band is the band output for panels, in three groups of frames: one frame per series with its values (time,
// value; display name = legend), then per series a frame with its expected value, band and score, then per series
// a frame with its anomaly markers (the frames and fields of the shared output description, pkg/outputs). The field
// config draws the band filled between lower and upper, the expected value dashed, anomalies as points and the score
// only in the tooltip, with no panel overrides.
//
// Grafana numbers a panel's series in frame and field order for its classic palette and draws them in that order.
// With every added field after every series, each series keeps the colour a plain Prometheus query gives it and its
// expected line, band and markers take that colour; with the markers last, they are drawn over every band
// (docs/output-frames.md). The TypeScript transformation builds the same frames from the same description; both are
// held to testdata/frames. No data-plane type: band frames are for panels only.
func Band(series []Series) data.Frames {
	return append(valueFrames(series), addedFrames(series)...)
}

// valueFrames are the series' own frames: time, value (display name = legend).
func valueFrames(series []Series) data.Frames {
	out := make(data.Frames, 0, len(series))
	for _, s := range series {
		value := data.NewField("value", data.Labels(s.Labels), nullable(s.V))
		value.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend}
		out = append(out, data.NewFrame(s.Legend, data.NewField("time", nil, times(s.T)), value))
	}
	return out
}

// addedFrames are the frames of added fields, every series' frame of each spec of the description in turn.
func addedFrames(series []Series) data.Frames {
	specs := outputs.Get().Frames
	out := make(data.Frames, 0, len(specs)*len(series))
	used := map[string]bool{}
	bases := make([]string, len(series))
	for k, s := range series {
		bases[k] = unique(s.Legend, used)
	}
	for _, spec := range specs {
		for k, s := range series {
			fields := append([]*data.Field{data.NewField("time", nil, times(s.T))}, outputFields(s, spec, bases[k], k)...)
			out = append(out, data.NewFrame(bases[k], fields...))
		}
	}
	return out
}

// outputFields builds one frame's added fields of one series. base is the series' display name, unique among the
// response's series so the band's fillBelowTo cannot reach another series' lower field; paletteIndex is the series'
// position among the panel's series, which gives its classic-palette colour.
func outputFields(s Series, frame outputs.FrameSpec, base string, paletteIndex int) []*data.Field {
	values := func(kind outputs.FieldKind) []float64 {
		switch kind {
		case outputs.FieldExpected:
			return s.R.Expected
		case outputs.FieldLower:
			return s.R.Lower
		case outputs.FieldUpper:
			return s.R.Upper
		case outputs.FieldScore:
			return s.R.Score
		}
		markers := make([]float64, len(s.V)) // FieldAnomaly: the value where anomalous, no value elsewhere
		for i, x := range s.V {
			markers[i] = math.NaN()
			if s.R.Anomaly[i] {
				markers[i] = x
			}
		}
		return markers
	}
	fields := make([]*data.Field, len(frame.Fields))
	for i, kind := range frame.Fields {
		spec := outputs.Field(kind)
		f := data.NewField(spec.Name, data.Labels(s.Labels), nullable(values(kind)))
		f.Config = fieldConfig(spec, base, paletteIndex)
		fields[i] = f
	}
	return fields
}

// fieldConfig is the spec's field config for one series: display name, colour and fillBelowTo added. (Unit and
// decimals are not inherited here: Prometheus series carry none.)
func fieldConfig(spec outputs.FieldSpec, base string, paletteIndex int) *data.FieldConfig {
	var cfg data.FieldConfig
	if err := json.Unmarshal(spec.Config, &cfg); err != nil {
		panic(fmt.Sprintf("pkg/outputs/outputs.json: field %s: %v", spec.Kind, err)) // a test builds every field
	}
	cfg.DisplayNameFromDS = base + spec.DisplaySuffix
	color := spec.Color
	if color == "series" {
		color = outputs.SeriesColor(paletteIndex)
	}
	if color != "" {
		cfg.Color = map[string]any{"mode": "fixed", "fixedColor": color}
	}
	if spec.FillBelowTo != "" {
		if cfg.Custom == nil {
			cfg.Custom = map[string]any{}
		}
		cfg.Custom["fillBelowTo"] = base + outputs.Field(spec.FillBelowTo).DisplaySuffix
	}
	return &cfg
}

// unique returns name, or name (2), name (3), … when an earlier series of the response already has it (as the
// transformation names repeated display names).
func unique(name string, used map[string]bool) string {
	candidate := name
	for n := 2; used[candidate]; n++ {
		candidate = fmt.Sprintf("%s (%d)", name, n)
	}
	used[candidate] = true
	return candidate
}
