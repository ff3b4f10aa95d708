// Package outputs is the one description of Vigil's outputs, shared with the TypeScript transformation and editors:
// the query outputs a Vigil query can ask for, the fields added next to each analysed series (names, display names,
// colours, fill, line and marker styles) and the colour palette they derive from. The description is outputs.json in
// this folder, embedded here and imported by src/outputs/outputs.ts; docs/output-frames.md explains it and
// testdata/frames holds the frames both paths must produce from it.
package outputs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:embed outputs.json
var descriptionJSON []byte

// QueryOutput is what a Vigil query answers with (the query's "output").
type QueryOutput string

// The query outputs, in the order editors list them (QueryOutputs).
const (
	OutputBand    QueryOutput = "band"    // the series with expected value, band, anomaly markers and score: panels
	OutputScore   QueryOutput = "score"   // one score frame per series (data plane): alerting, recording rules
	OutputAnomaly QueryOutput = "anomaly" // one 0/1 frame per series (data plane): alerting
	OutputEvents  QueryOutput = "events"  // a table of anomaly events: annotations, tables, the explanations panel
	// OutputForecast is band with the expected value and band continued past now for the horizon: panels.
	OutputForecast QueryOutput = "forecast"
	// OutputThreshold is per series the seconds until the forecast and its band cross the threshold: alerting.
	OutputThreshold QueryOutput = "threshold"
	// OutputCrossings is a table of the forecast's threshold crossings: annotations in the future, tables.
	OutputCrossings QueryOutput = "crossings"
)

// QueryOutputs lists every query output; outputs.json lists the same, in the same order (a test checks).
var QueryOutputs = []QueryOutput{OutputBand, OutputScore, OutputAnomaly, OutputEvents, OutputForecast, OutputThreshold,
	OutputCrossings}

// Forecasts reports whether an output forecasts (it needs a horizon and a detector that can forecast).
func (o QueryOutput) Forecasts() bool {
	return o == OutputForecast || o == OutputThreshold || o == OutputCrossings
}

// FieldKind is one field added next to an analysed series.
type FieldKind string

// The added fields, in the order they follow each series (FieldKinds).
const (
	FieldExpected FieldKind = "expected" // the detector's prediction, a dashed line
	FieldLower    FieldKind = "lower"    // the band's lower edge
	FieldUpper    FieldKind = "upper"    // the band's upper edge, filled down to lower
	FieldAnomaly  FieldKind = "anomaly"  // the value at anomalous points, drawn as points
	FieldScore    FieldKind = "score"    // 0 = expected, 1 = band edge; kept out of the graph
)

// FieldKinds lists every added field in output order; outputs.json lists the same (a test checks).
var FieldKinds = []FieldKind{FieldExpected, FieldLower, FieldUpper, FieldAnomaly, FieldScore}

// QueryOutputInfo is a query output as editors show it.
type QueryOutputInfo struct {
	ID          QueryOutput `json:"id"`
	Label       string      `json:"label"`
	Description string      `json:"description"`
}

// FieldSpec describes one added field.
type FieldSpec struct {
	Kind FieldKind `json:"kind"`
	// Name is the field's name; its display name is the series' display name followed by DisplaySuffix.
	Name          string `json:"name"`
	DisplaySuffix string `json:"displaySuffix"`
	// Color is "series" (the colour the analysed series has in the panel's classic palette), a colour name or
	// hex value, or empty (no colour set).
	Color string `json:"color,omitempty"`
	// InheritUnit: the field takes the analysed series' unit and decimals, so it shares the series' axis.
	InheritUnit bool `json:"inheritUnit"`
	// FillBelowTo names the kind whose field this one's fill reaches down to (the band).
	FillBelowTo FieldKind `json:"fillBelowTo,omitempty"`
	// Config is the field config as Grafana reads it (unit, decimals, min, custom draw options), without the
	// display name, colour and fillBelowTo, which depend on the series.
	Config json.RawMessage `json:"config"`
}

// FrameSpec is one frame of added fields per series. Every series' frame of the first spec comes before every
// series' frame of the second, and so on: Grafana draws a panel's fields in order, so the anomaly markers, in the
// last frames, are drawn over every series' band.
type FrameSpec struct {
	Fields []FieldKind `json:"fields"`
}

// Description is outputs.json decoded.
type Description struct {
	QueryOutputs []QueryOutputInfo `json:"queryOutputs"`
	Fields       []FieldSpec       `json:"fields"`
	Frames       []FrameSpec       `json:"frames"`
	// Palette is Grafana's classic palette (theme.visualization.palette of @grafana/data; a test checks): series k
	// of a panel gets Palette[k % len(Palette)] when its colour scheme is the classic palette, the default.
	Palette []string `json:"palette"`
}

var description = mustDecode(descriptionJSON)

func mustDecode(b []byte) Description {
	var d Description
	if err := json.Unmarshal(b, &d); err != nil {
		panic("pkg/outputs/outputs.json: " + err.Error()) // embedded at build time; a test decodes it too
	}
	return d
}

// Get returns the description. Callers must not change it.
func Get() Description { return description }

// Field returns the spec of an added field kind.
func Field(kind FieldKind) FieldSpec {
	for _, f := range description.Fields {
		if f.Kind == kind {
			return f
		}
	}
	panic(fmt.Sprintf("outputs: no field %q in outputs.json", kind)) // FieldKinds and the JSON are checked equal
}

// ParseQueryOutput reads a query's "output"; "" is the given default. An unknown value is an error that lists the
// valid ones.
func ParseQueryOutput(s string, def QueryOutput) (QueryOutput, error) {
	if s == "" {
		return def, nil
	}
	for _, o := range QueryOutputs {
		if string(o) == s {
			return o, nil
		}
	}
	names := make([]string, len(QueryOutputs))
	for i, o := range QueryOutputs {
		names[i] = string(o)
	}
	return "", fmt.Errorf("unknown output %q; choose %s or %s", s, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// SeriesColor is the classic-palette colour of the series at this position among a panel's series (0-based).
func SeriesColor(index int) string {
	p := description.Palette
	return p[((index%len(p))+len(p))%len(p)]
}
