package frames

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Band is the band output for panels: per series one wide frame (time, value, then the added fields of the shared
// output description, pkg/outputs: expected, lower, upper, anomaly, score) whose field config draws the band filled
// between lower and upper, the expected value dashed, anomalies as points and the score only in the tooltip, with no
// panel overrides. The TypeScript transformation adds the same fields from the same description; both are held to
// testdata/frames. No data-plane type: band frames are for panels only.
func Band(series []Series) data.Frames {
	used := map[string]bool{}
	out := make(data.Frames, len(series))
	for k, s := range series {
		base := unique(s.Legend, used)
		value := data.NewField("value", data.Labels(s.Labels), nullable(s.V))
		value.Config = &data.FieldConfig{DisplayNameFromDS: s.Legend}
		fields := append([]*data.Field{data.NewField("time", nil, times(s.T)), value}, outputFields(s, base, k)...)
		out[k] = data.NewFrame(s.Legend, fields...)
	}
	return out
}

// outputFields builds the added fields of one series from the output description. base is the series' display
// name, unique among the response's series so the band's fillBelowTo cannot reach another series' lower field;
// paletteIndex is the series' position among the panel's series, which gives its classic-palette colour.
func outputFields(s Series, base string, paletteIndex int) []*data.Field {
	markers := make([]float64, len(s.V))
	for i, x := range s.V {
		markers[i] = math.NaN()
		if s.R.Anomaly[i] {
			markers[i] = x
		}
	}
	values := map[outputs.FieldKind][]float64{
		outputs.FieldExpected: s.R.Expected,
		outputs.FieldLower:    s.R.Lower,
		outputs.FieldUpper:    s.R.Upper,
		outputs.FieldAnomaly:  markers,
		outputs.FieldScore:    s.R.Score,
	}
	specs := outputs.Get().Fields
	fields := make([]*data.Field, len(specs))
	for i, spec := range specs {
		f := data.NewField(spec.Name, data.Labels(s.Labels), nullable(values[spec.Kind]))
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
