package detectors

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The shared vector files; the TypeScript twin reads them in src/detectors/vectors.test.ts with the same
// tolerance rule.
const vectorDir = "../../testdata/detectors"

type vectorFile struct {
	Detector  string       `json:"detector"`
	Source    string       `json:"source"`
	Tolerance tolerance    `json:"tolerance"`
	Cases     []vectorCase `json:"cases"`
}

type tolerance struct {
	Abs float64 `json:"abs"`
	Rel float64 `json:"rel"`
}

type vectorCase struct {
	Name      string     `json:"name"`
	Tolerance *tolerance `json:"tolerance"` // overrides the file's tolerance for this case

	Params   RawParams       `json:"params"`
	Input    json.RawMessage `json:"input"`
	Expected json.RawMessage `json:"expected"`
}

// encFloat decodes a number or one of the strings "NaN", "+Inf", "-Inf".
type encFloat float64

func (f *encFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = encFloat(math.NaN())
	case `"+Inf"`:
		*f = encFloat(math.Inf(1))
	case `"-Inf"`:
		*f = encFloat(math.Inf(-1))
	default:
		var x float64
		if err := json.Unmarshal(b, &x); err != nil {
			return err
		}
		*f = encFloat(x)
	}
	return nil
}

func floats(xs []encFloat) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

type vectorSeries struct {
	T []int64    `json:"t"`
	V []encFloat `json:"v"`
}

type vectorOutputs struct {
	Expected []encFloat `json:"expected"`
	Lower    []encFloat `json:"lower"`
	Upper    []encFloat `json:"upper"`
	Score    []encFloat `json:"score"`
	Anomaly  []bool     `json:"anomaly"`
	Warmup   *int       `json:"warmup"`
	Error    string     `json:"error"`
}

func loadVectorFiles(t *testing.T) map[string]vectorFile {
	paths, err := filepath.Glob(filepath.Join(vectorDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no vector files in %s: %v", vectorDir, err)
	}
	files := map[string]vectorFile{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f vectorFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if filepath.Base(p) != f.Detector+".json" {
			t.Errorf("%s names detector %q; the file must be called %s.json", p, f.Detector, f.Detector)
		}
		if len(f.Source) <= 20 {
			t.Errorf("%s: the source note must say where the expected numbers come from", p)
		}
		files[f.Detector] = f
	}
	return files
}

func TestVectorFilesCoverRegistry(t *testing.T) {
	files := loadVectorFiles(t)
	var ids, named []string
	for _, d := range Detectors {
		ids = append(ids, d.ID)
	}
	for id := range files {
		named = append(named, id)
	}
	sort.Strings(ids)
	sort.Strings(named)
	if !slices.Equal(ids, named) {
		t.Fatalf("vector files name %v, registry has %v: every detector needs exactly one vector file", named, ids)
	}
}

func closeTo(got, want float64, abs, rel float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= abs+rel*math.Abs(want)
}

func firstMismatch(got Result, want vectorOutputs, abs, rel float64) string {
	pairs := []struct {
		name string
		got  []float64
		want []float64
	}{
		{"expected", got.Expected, floats(want.Expected)},
		{"lower", got.Lower, floats(want.Lower)},
		{"upper", got.Upper, floats(want.Upper)},
		{"score", got.Score, floats(want.Score)},
	}
	for _, p := range pairs {
		if len(p.got) != len(p.want) {
			return fmt.Sprintf("%s: length %d, want %d", p.name, len(p.got), len(p.want))
		}
		for i := range p.want {
			if !closeTo(p.got[i], p.want[i], abs, rel) {
				return fmt.Sprintf("%s[%d] = %v, want %v", p.name, i, p.got[i], p.want[i])
			}
		}
	}
	if !slices.Equal(got.Anomaly, want.Anomaly) {
		for i := range want.Anomaly {
			if i >= len(got.Anomaly) || got.Anomaly[i] != want.Anomaly[i] {
				return fmt.Sprintf("anomaly[%d] differs (len %d, want %d)", i, len(got.Anomaly), len(want.Anomaly))
			}
		}
		return fmt.Sprintf("anomaly: length %d, want %d", len(got.Anomaly), len(want.Anomaly))
	}
	if want.Warmup != nil && got.Warmup != *want.Warmup {
		return fmt.Sprintf("warmup = %d, want %d", got.Warmup, *want.Warmup)
	}
	return ""
}

// decodeInputs reads one series (univariate case) or a list (multivariate case).
func decodeInputs(t *testing.T, raw json.RawMessage) []Series {
	var list []vectorSeries
	if err := json.Unmarshal(raw, &list); err != nil {
		var one vectorSeries
		if err := json.Unmarshal(raw, &one); err != nil {
			t.Fatalf("input: %v", err)
		}
		list = []vectorSeries{one}
	}
	out := make([]Series, len(list))
	for i, s := range list {
		out[i] = Series{T: s.T, V: floats(s.V)}
	}
	return out
}

func decodeExpected(t *testing.T, raw json.RawMessage) []vectorOutputs {
	var list []vectorOutputs
	if err := json.Unmarshal(raw, &list); err != nil {
		var one vectorOutputs
		if err := json.Unmarshal(raw, &one); err != nil {
			t.Fatalf("expected: %v", err)
		}
		list = []vectorOutputs{one}
	}
	return list
}

func cloneSeries(in []Series) []Series {
	out := make([]Series, len(in))
	for i, s := range in {
		out[i] = Series{T: slices.Clone(s.T), V: slices.Clone(s.V)}
	}
	return out
}

func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })
}

func TestVectors(t *testing.T) {
	for id, f := range loadVectorFiles(t) {
		for _, c := range f.Cases {
			t.Run(id+"/"+c.Name, func(t *testing.T) {
				inputs := decodeInputs(t, c.Input)
				before := cloneSeries(inputs)
				wants := decodeExpected(t, c.Expected)
				got, err := Run(id, inputs, c.Params)
				for i := range inputs {
					if !slices.Equal(inputs[i].T, before[i].T) || !sameFloats(inputs[i].V, before[i].V) {
						t.Fatalf("series %d was mutated", i)
					}
				}
				if len(wants) == 1 && wants[0].Error != "" {
					var de *Error
					if !errors.As(err, &de) {
						t.Fatalf("want error %q, got %v", wants[0].Error, err)
					}
					if string(de.Code) != wants[0].Error || len(de.Message) < 10 {
						t.Fatalf("want error %q, got %q (%s)", wants[0].Error, de.Code, de.Message)
					}
					return
				}
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(got) != len(wants) {
					t.Fatalf("%d results, want %d", len(got), len(wants))
				}
				tol := f.Tolerance
				if c.Tolerance != nil {
					tol = *c.Tolerance
				}
				for i := range wants {
					if msg := firstMismatch(got[i], wants[i], tol.Abs, tol.Rel); msg != "" {
						t.Fatalf("series %d: %s", i, msg)
					}
				}
			})
		}
	}
}
