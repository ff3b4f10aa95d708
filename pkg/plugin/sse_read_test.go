package plugin

import (
	"fmt"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// sseLabelSets reads a query's frames the way Grafana's server-side expressions decide to read a data source's
// answer (ResultConverter.Convert in grafana/grafana pkg/expr/converter.go) and returns the label set of every series
// or number it would get. Alert rules, recording rules and expressions identify each one by its labels alone; two
// alike are the "frame cannot uniquely be identified by its labels: has duplicate results" error. An error says the
// frames are not read as series at all (long frames are only taken as tables, by SQL expressions).
//   - data plane frames (the first frame has a type and a non-zero type version): every numeric field of every
//     frame is one series, with the field's labels;
//   - one frame without fields: no data; one frame that is not a time series with one numeric field and string
//     fields: a number per row, labelled by the string fields;
//   - otherwise every frame must be a wide time series, and every value field is one series with its labels.
func sseLabelSets(frames data.Frames) ([]string, error) {
	if len(frames) == 0 {
		return nil, nil
	}
	var out []string
	if m := frames[0].Meta; m != nil && m.Type != "" && !m.TypeVersion.IsZero() {
		for _, f := range frames {
			for _, field := range f.Fields {
				if field.Type().Numeric() {
					out = append(out, field.Labels.String())
				}
			}
		}
		return out, nil
	}
	if len(frames) == 1 {
		f := frames[0]
		if len(f.Fields) == 0 {
			return nil, nil
		}
		if f.TimeSeriesSchema().Type == data.TimeSeriesTypeNot && numberTable(f) {
			for row := 0; row < f.Rows(); row++ {
				labels := data.Labels{}
				for _, field := range f.Fields {
					if s, ok := field.ConcreteAt(row); ok && !field.Type().Numeric() {
						labels[field.Name] = fmt.Sprint(s)
					}
				}
				out = append(out, labels.String())
			}
			return out, nil
		}
	}
	for _, f := range frames {
		schema := f.TimeSeriesSchema()
		if schema.Type != data.TimeSeriesTypeWide {
			return nil, fmt.Errorf("input data must be a wide series but got type %s", schema.Type)
		}
		for _, i := range schema.ValueIndices {
			out = append(out, f.Fields[i].Labels.String())
		}
	}
	return out, nil
}

// numberTable: exactly one numeric field and the rest strings (isNumberTable in pkg/expr/converter.go).
func numberTable(f *data.Frame) bool {
	numeric, other := 0, 0
	for _, field := range f.Fields {
		switch t := field.Type(); {
		case t.Numeric():
			numeric++
		case t == data.FieldTypeString || t == data.FieldTypeNullableString:
		default:
			other++
		}
	}
	return numeric == 1 && other == 0
}

// checkUniqueForSSE fails when server-side expressions would read duplicate series from the frames.
func checkUniqueForSSE(t *testing.T, what string, frames data.Frames) {
	t.Helper()
	sets, err := sseLabelSets(frames)
	if err != nil {
		t.Fatalf("%s: expressions cannot read the frames: %v", what, err)
	}
	seen := map[string]bool{}
	for _, s := range sets {
		if seen[s] {
			t.Fatalf("%s: expressions would read duplicate series with labels %s", what, s)
		}
		seen[s] = true
	}
}
