package frames

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Native fuzz target for frame building: random series and detection results into every output's frames. Run
// longer with `go test ./pkg/frames -run '^$' -fuzz '^FuzzFrames$' -fuzztime 60s`, or with `npm run fuzz`.

// fuzzBytes reads a fuzz input as a stream of choices; past its end every read is 0.
type fuzzBytes struct{ b []byte }

func (f *fuzzBytes) byte() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

func (f *fuzzBytes) uint32() uint32 {
	var x [4]byte
	for i := range x {
		x[i] = f.byte()
	}
	return binary.LittleEndian.Uint32(x[:])
}

// float is NaN, ±Inf, 0, the largest and smallest magnitudes, or an ordinary value, as the byte picks.
func (f *fuzzBytes) float() float64 {
	switch c := f.byte(); c % 10 {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return 0
	case 4:
		return math.MaxFloat64 * float64(int(c%2)*2-1)
	case 5:
		return math.SmallestNonzeroFloat64
	default:
		return float64(int32(f.uint32())) / float64(1+int(c))
	}
}

// text is a short string; Prometheus label names and values are valid UTF-8 (the decoder's encoding/json makes
// them so), and so is this.
func (f *fuzzBytes) text(maxLen int) string {
	n := int(f.byte()) % (maxLen + 1)
	b := make([]byte, 0, n)
	for range n {
		b = append(b, f.byte())
	}
	return strings.ToValidUTF8(string(b), "?")
}

// fuzzSeries decodes up to 6 series on one shared grid of up to 64 points (as the backend's grid gives them),
// with labels (sometimes hundreds, with values up to 68 bytes), a legend format and a detection result of random
// values and flags. Times stay within what Arrow's nanosecond timestamps hold (the grid comes from Grafana's
// time range).
func fuzzSeries(in *fuzzBytes) ([]Series, string) {
	n := int(in.byte()) % 7
	points := int(in.byte()) % 65
	start := int64(int32(in.uint32())) * 1000 // ±68 years around 1970, in ms
	step := 1 + int64(in.uint32()%(1<<24))
	t := make([]int64, points)
	for i := range t {
		t[i] = start + int64(i)*step
	}
	legend := in.text(24)
	series := make([]Series, n)
	for k := range series {
		labels := map[string]string{}
		count := int(in.byte()) % 6
		if in.byte() > 240 {
			count = 100 + int(in.byte())
		}
		for j := range count {
			name := in.text(12)
			value := in.text(16)
			if count > 50 {
				name = fmt.Sprintf("label_%d", j)
				value = strings.Repeat(value+"x", 1+int(in.byte())%4)
			}
			labels[name] = value
		}
		v := make([]float64, points)
		r := detectors.Result{Expected: make([]float64, points), Lower: make([]float64, points), Upper: make([]float64, points),
			Score: make([]float64, points), Anomaly: make([]bool, points), Warmup: int(in.byte())}
		for i := range points {
			v[i], r.Expected[i], r.Lower[i], r.Upper[i], r.Score[i] = in.float(), in.float(), in.float(), in.float(), in.float()
			r.Anomaly[i] = in.byte() > 200
		}
		series[k] = Series{Labels: labels, Legend: Legend(legend, labels, "up"), T: t, V: v, R: r}
	}
	return series, legend
}

// FuzzFrames builds every output from random series and results and checks the contracts of docs/output-frames.md:
// band gives one value frame per series and one frame per series for each frame of the output description, score
// and anomaly one data-plane frame per series, events one table; in every frame all fields have the same length
// (the series' points; the events' count for the table); every field of a series carries exactly its labels, so
// score and anomaly frames have distinct label sets when the series do (alerting needs that); NaN is null where a
// field is nullable, anomaly flags are 0 or 1; and every response survives the Arrow round trip of the plugin
// protocol unchanged.
func FuzzFrames(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 5, 1, 2, 3, 4, 60, 0, 0, 0, 8, '{', '{', 'p', 'o', 'd', '}', '}', 2, 3, 'p', 'o', 'd', 1, 'a'})
	f.Add(bytes.Repeat([]byte{7, 250, 251, 9, 0, 1, 2, 3, 4, 5, 6, 201}, 40))
	f.Add(bytes.Repeat([]byte{1, 64, 255, 255, 255, 127, 255, 255, 255, 0, 3, 241, 200}, 30))
	f.Add([]byte{6, 64, 1, 2, 3, 4, 5, 6, 7, 8, 0, 5, 241, 255}) // a series with 355 labels, then 5 without
	f.Fuzz(checkFrames)
}

func checkFrames(t *testing.T, raw []byte) {
	{
		series, _ := fuzzSeries(&fuzzBytes{b: raw})
		specs := outputs.Get().Frames

		band := Band(series)
		if want := (1 + len(specs)) * len(series); len(band) != want {
			t.Fatalf("band: %d frames for %d series, want %d", len(band), len(series), want)
		}
		for i, fr := range band {
			s := series[i%len(series)]
			checkFrame(t, fr, len(s.T), s.Labels)
		}
		for k := range series {
			if got := band[k].Fields[1]; got.Name != "value" || !nullAtNaN(got, series[k].V) {
				t.Fatalf("band: frame %d is not series %d's value with null at NaN", k, k)
			}
		}
		roundTrip(t, "band", band)

		for _, output := range []string{"score", "anomaly"} {
			var frames data.Frames
			for _, s := range series {
				if output == "score" {
					frames = append(frames, Score(s))
				} else {
					frames = append(frames, Anomaly(s))
				}
			}
			seen := map[string]int{}
			unique := map[string]bool{}
			for k, fr := range frames {
				s := series[k]
				checkFrame(t, fr, len(s.T), s.Labels)
				if fr.Meta == nil || fr.Meta.Type != data.FrameTypeTimeSeriesMulti || len(fr.Fields) != 2 {
					t.Fatalf("%s: frame %d is not a two-field timeseries-multi frame", output, k)
				}
				values := fr.Fields[1]
				if output == "score" && !nullAtNaN(values, s.R.Score) {
					t.Fatalf("score: frame %d is not the score with null at NaN", k)
				}
				if output == "anomaly" {
					for i := range values.Len() {
						if flag := values.At(i).(float64); flag != map[bool]float64{true: 1}[s.R.Anomaly[i]] {
							t.Fatalf("anomaly: frame %d row %d is %v for flag %v", k, i, flag, s.R.Anomaly[i])
						}
					}
				}
				key := values.Labels.String()
				seen[key]++
				unique[data.Labels(s.Labels).String()] = true
			}
			if len(unique) == len(series) && len(seen) != len(series) {
				t.Fatalf("%s: %d distinct label sets in, %d out", output, len(series), len(seen))
			}
			roundTrip(t, output, frames)
		}

		events := Events(series, "mad")
		want := 0
		for _, s := range series {
			want += len(detectors.GroupEvents(detectors.Series{T: s.T, V: s.V}, s.R, s.Labels))
		}
		checkFrame(t, events, want, nil)
		times := events.Fields[0]
		for i := 1; i < times.Len(); i++ {
			if times.At(i).(interface{ UnixMilli() int64 }).UnixMilli() < times.At(i-1).(interface{ UnixMilli() int64 }).UnixMilli() {
				t.Fatalf("events: row %d starts before row %d", i, i-1)
			}
		}
		labels, _ := events.FieldByName("labels")
		for i := range events.Rows() {
			var m map[string]string
			if err := json.Unmarshal([]byte(labels.At(i).(string)), &m); err != nil {
				t.Fatalf("events: row %d labels %q are not JSON: %v", i, labels.At(i), err)
			}
		}
		roundTrip(t, "events", data.Frames{events})
	}
}

// checkFrame: every field has rows values; a non-time field carries exactly labels (nil: not checked).
func checkFrame(t *testing.T, fr *data.Frame, rows int, labels map[string]string) {
	t.Helper()
	for _, fl := range fr.Fields {
		if fl.Len() != rows {
			t.Fatalf("frame %q: field %q has %d values, want %d", fr.Name, fl.Name, fl.Len(), rows)
		}
		if labels != nil && !fl.Type().Time() && !maps.Equal(map[string]string(fl.Labels), labels) {
			t.Fatalf("frame %q: field %q has labels %v, want the series' %v", fr.Name, fl.Name, fl.Labels, labels)
		}
	}
	if !utf8.ValidString(fr.Name) {
		t.Fatalf("frame name %q is not UTF-8", fr.Name)
	}
}

// nullAtNaN: a nullable float field holds null exactly where want is NaN and want's value elsewhere.
func nullAtNaN(fl *data.Field, want []float64) bool {
	if fl.Type() != data.FieldTypeNullableFloat64 || fl.Len() != len(want) {
		return false
	}
	for i, w := range want {
		p := fl.At(i).(*float64)
		if math.IsNaN(w) != (p == nil) || (p != nil && *p != w) {
			return false
		}
	}
	return true
}

// roundTrip sends the frames through Arrow, as the plugin protocol does, and requires them back unchanged: names,
// meta, and per field its name, type, labels, config and every value (NaN equal to NaN).
func roundTrip(t *testing.T, what string, frames data.Frames) {
	t.Helper()
	encoded, err := frames.MarshalArrow()
	if err != nil {
		t.Fatalf("%s: frames do not encode to Arrow: %v", what, err)
	}
	decoded, err := data.UnmarshalArrowFrames(encoded)
	if err != nil {
		t.Fatalf("%s: frames do not decode from Arrow: %v", what, err)
	}
	if len(decoded) != len(frames) {
		t.Fatalf("%s: %d frames sent, %d back", what, len(frames), len(decoded))
	}
	asJSON := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	for i, sent := range frames {
		back := decoded[i]
		if back.Name != sent.Name || asJSON(back.Meta) != asJSON(sent.Meta) || len(back.Fields) != len(sent.Fields) {
			t.Fatalf("%s: frame %d (%q) changed in the Arrow round trip: name %q, meta %s, %d fields", what, i,
				sent.Name, back.Name, asJSON(back.Meta), len(back.Fields))
		}
		for j, f := range sent.Fields {
			g := back.Fields[j]
			if g.Name != f.Name || g.Type() != f.Type() || g.Len() != f.Len() || !maps.Equal(g.Labels, f.Labels) ||
				asJSON(g.Config) != asJSON(f.Config) {
				t.Fatalf("%s: frame %d field %q changed in the Arrow round trip", what, i, f.Name)
			}
			for k := range f.Len() {
				if !sameValue(f.At(k), g.At(k)) {
					t.Fatalf("%s: frame %d field %q row %d: %v sent, %v back", what, i, f.Name, k, f.At(k), g.At(k))
				}
			}
		}
	}
}

// sameValue compares two field values: pointers by what they point at, floats with NaN equal to NaN.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case *float64:
		y := b.(*float64)
		return (x == nil) == (y == nil) && (x == nil || sameFloat(*x, *y))
	case float64:
		return sameFloat(x, b.(float64))
	case interface{ Equal(time.Time) bool }:
		return x.Equal(b.(time.Time))
	}
	return a == b
}

func sameFloat(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
