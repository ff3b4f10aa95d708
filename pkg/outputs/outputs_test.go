package outputs

import (
	"reflect"
	"testing"
)

func TestDescriptionMatchesTheTypedLists(t *testing.T) {
	d := Get()
	var outs []QueryOutput
	for _, o := range d.QueryOutputs {
		outs = append(outs, o.ID)
		if o.Label == "" || o.Description == "" {
			t.Errorf("query output %s has no label or description", o.ID)
		}
	}
	if !reflect.DeepEqual(outs, QueryOutputs) {
		t.Errorf("outputs.json query outputs %v, QueryOutputs %v", outs, QueryOutputs)
	}
	var kinds []FieldKind
	for _, f := range d.Fields {
		kinds = append(kinds, f.Kind)
		if f.Name == "" || f.DisplaySuffix == "" || len(f.Config) == 0 {
			t.Errorf("field %s: name, display suffix and config are required", f.Kind)
		}
	}
	if !reflect.DeepEqual(kinds, FieldKinds) {
		t.Errorf("outputs.json fields %v, FieldKinds %v", kinds, FieldKinds)
	}
	// Every field kind goes into exactly one frame.
	seen := map[FieldKind]int{}
	for _, f := range d.Frames {
		for _, k := range f.Fields {
			seen[k]++
		}
	}
	for _, k := range FieldKinds {
		if seen[k] != 1 {
			t.Errorf("field %s is in %d frames, want 1", k, seen[k])
		}
	}
	if len(seen) != len(FieldKinds) {
		t.Errorf("frames name unknown fields: %v", seen)
	}
	if len(d.Palette) < 10 {
		t.Errorf("palette has %d colours", len(d.Palette))
	}
}

func TestParseQueryOutput(t *testing.T) {
	if o, err := ParseQueryOutput("", OutputBand); o != OutputBand || err != nil {
		t.Errorf("empty: %v %v", o, err)
	}
	if o, err := ParseQueryOutput("events", OutputBand); o != OutputEvents || err != nil {
		t.Errorf("events: %v %v", o, err)
	}
	_, err := ParseQueryOutput("graph", OutputBand)
	if err == nil || err.Error() != `unknown output "graph"; choose band, score, anomaly, events, forecast, threshold or crossings` {
		t.Errorf("unknown: %v", err)
	}
}

func TestSeriesColorWrapsAround(t *testing.T) {
	n := len(Get().Palette)
	if SeriesColor(0) != "green" || SeriesColor(n) != SeriesColor(0) || SeriesColor(n+2) != SeriesColor(2) {
		t.Errorf("palette positions: %s %s %s", SeriesColor(0), SeriesColor(n), SeriesColor(n+2))
	}
}
