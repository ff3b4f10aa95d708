package frames

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// The golden frames are shared with the TypeScript transformation (src/transformation/goldenFrames.test.ts): both
// paths build the added fields of the same cases from the same output description and must equal the same files, so
// a drift between the band frames and the transformation fails a test in each language.
var update = flag.Bool("update", false, "rewrite testdata/frames/<case>.json from the Go band frames")

const goldenDir = "../../testdata/frames"

// goldenNote is the same text the TypeScript writer puts in, so either writer leaves the file as the other would.
const goldenNote = "Written only by `go test ./pkg/frames -update` or `UPDATE_GOLDEN=1 npx jest src/transformation/goldenFrames` " +
	"from cases.json; compared by both. The frames that hold added fields, in output order: name, times, and the added " +
	"fields (name, labels, field config, values; null = no value)."

type goldenCase struct {
	Name    string `json:"name"`
	Options struct {
		Detector       string              `json:"detector"`
		Params         detectors.RawParams `json:"params"`
		Sensitivity    *float64            `json:"sensitivity"`
		Direction      string              `json:"direction"`
		MinConsecutive *float64            `json:"minConsecutive"`
		// Forecast is the transformation's forecast option; here it gives the forecast output's frames.
		Forecast *struct {
			Enabled bool   `json:"enabled"`
			Horizon string `json:"horizon"`
		} `json:"forecast"`
	} `json:"options"`
	Series []struct {
		Legend string            `json:"legend"`
		Labels map[string]string `json:"labels"`
		T      []int64           `json:"t"`
		V      []*float64        `json:"v"`
	} `json:"series"`
}

// goldenFile is the canonical form both languages reduce their frames to.
type goldenFile struct {
	Note   string        `json:"note"`
	Frames []goldenFrame `json:"frames"`
}

type goldenFrame struct {
	Name   string        `json:"name"`
	Time   []int64       `json:"time"`
	Fields []goldenField `json:"fields"`
}

type goldenField struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
	Config map[string]any    `json:"config"`
	Values []*float64        `json:"values"`
}

func TestGoldenFrames(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(goldenDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []goldenCase }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			var got goldenFile
			if f := c.Options.Forecast; f != nil && f.Enabled {
				got = canonical(t, ForecastBand(forecastSeries(t, c, f.Horizon)))
			} else {
				got = canonical(t, Band(bandSeries(t, c)))
			}
			path := filepath.Join(goldenDir, c.Name+".json")
			if *update {
				b, err := json.MarshalIndent(got, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (write it with go test ./pkg/frames -update)", err)
			}
			var want goldenFile
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if diff := compareGolden(got, want); diff != "" {
				t.Fatalf("band frames differ from %s: %s\n(the transformation is held to the same file; if the "+
					"change is intended, run go test ./pkg/frames -update and check both tests pass)", path, diff)
			}
		})
	}
}

// forecastSeries is bandSeries with each series' forecast from its last point for the horizon, on its step: what the
// backend's forecast output and the transformation's forecast option both draw.
func forecastSeries(t *testing.T, c goldenCase, horizon string) []Series {
	h, err := models.ParseDuration(horizon)
	if err != nil {
		t.Fatal(err)
	}
	out := bandSeries(t, c)
	for i, s := range out {
		last := s.T[len(s.T)-1]
		f, err := detectors.ForecastSeries(preparedFor(t, c), detectors.Series{T: s.T, V: s.V},
			detectors.ForecastTimes(last, int64(detectors.MedianStep(s.T)), h.Milliseconds()))
		if err != nil {
			t.Fatal(err)
		}
		out[i].Forecast = &SeriesForecast{Now: last, Forecast: f}
	}
	return out
}

func preparedFor(t *testing.T, c goldenCase) *detectors.Prepared {
	o := c.Options
	det, err := detectors.Prepare(o.Detector, detectors.CommonOptions{Sensitivity: o.Sensitivity, Direction: o.Direction,
		MinConsecutive: o.MinConsecutive}.Over(o.Params))
	if err != nil {
		t.Fatal(err)
	}
	return det
}

func bandSeries(t *testing.T, c goldenCase) []Series {
	det := preparedFor(t, c)
	in := make([]detectors.Series, len(c.Series))
	for i, s := range c.Series {
		v := make([]float64, len(s.V))
		for j, x := range s.V {
			v[j] = math.NaN()
			if x != nil {
				v[j] = *x
			}
		}
		in[i] = detectors.Series{T: s.T, V: v}
	}
	results, err := det.Run(in)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Series, len(c.Series))
	for i, s := range c.Series {
		out[i] = Series{Labels: s.Labels, Legend: s.Legend, T: s.T, V: in[i].V, R: results[i]}
	}
	return out
}

// canonical keeps the frames that hold added fields (named in pkg/outputs), in order: name, times, added fields.
func canonical(t *testing.T, frames data.Frames) goldenFile {
	names := map[string]bool{}
	for _, f := range outputs.Get().Fields {
		names[f.Name] = true
	}
	out := goldenFile{Note: goldenNote}
	for _, frame := range frames {
		s := goldenFrame{Name: frame.Name}
		for _, f := range frame.Fields {
			if f.Type().Time() {
				for i := 0; i < f.Len(); i++ {
					s.Time = append(s.Time, f.At(i).(time.Time).UnixMilli())
				}
				continue
			}
			if !names[f.Name] {
				continue
			}
			cfg := map[string]any{}
			b, err := json.Marshal(f.Config)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &cfg); err != nil {
				t.Fatal(err)
			}
			values := make([]*float64, f.Len())
			for i := range values {
				if x, ok := f.ConcreteAt(i); ok {
					v := x.(float64)
					values[i] = &v
				}
			}
			s.Fields = append(s.Fields, goldenField{Name: f.Name, Labels: f.Labels, Config: cfg, Values: values})
		}
		if len(s.Fields) > 0 {
			out.Frames = append(out.Frames, s)
		}
	}
	return out
}

// compareGolden: names, labels, config and times exactly; values to 1e-9 (absolute or relative), the tolerance of
// two runtimes' float arithmetic; null only where null.
func compareGolden(got, want goldenFile) string {
	if len(got.Frames) != len(want.Frames) {
		return fmt.Sprintf("%d frames with added fields, want %d", len(got.Frames), len(want.Frames))
	}
	for i, g := range got.Frames {
		w := want.Frames[i]
		if g.Name != w.Name {
			return fmt.Sprintf("frame %d: name %q, want %q", i, g.Name, w.Name)
		}
		if !reflect.DeepEqual(g.Time, w.Time) {
			return fmt.Sprintf("frame %d: times differ", i)
		}
		if len(g.Fields) != len(w.Fields) {
			return fmt.Sprintf("frame %d: %d added fields, want %d", i, len(g.Fields), len(w.Fields))
		}
		for j, gf := range g.Fields {
			wf := w.Fields[j]
			where := fmt.Sprintf("frame %d field %d (%s)", i, j, gf.Name)
			if gf.Name != wf.Name || !reflect.DeepEqual(gf.Labels, wf.Labels) {
				return fmt.Sprintf("%s: name/labels %s %v, want %s %v", where, gf.Name, gf.Labels, wf.Name, wf.Labels)
			}
			if !reflect.DeepEqual(gf.Config, wf.Config) {
				gb, _ := json.Marshal(gf.Config)
				wb, _ := json.Marshal(wf.Config)
				return fmt.Sprintf("%s: config %s, want %s", where, gb, wb)
			}
			if len(gf.Values) != len(wf.Values) {
				return fmt.Sprintf("%s: %d values, want %d", where, len(gf.Values), len(wf.Values))
			}
			for k, gv := range gf.Values {
				wv := wf.Values[k]
				if (gv == nil) != (wv == nil) || (gv != nil && math.Abs(*gv-*wv) > 1e-9*math.Max(1, math.Abs(*wv))) {
					return fmt.Sprintf("%s: value %d is %s, want %s", where, k, show(gv), show(wv))
				}
			}
		}
	}
	return ""
}

func show(x *float64) string {
	if x == nil {
		return "null"
	}
	return fmt.Sprint(*x)
}
