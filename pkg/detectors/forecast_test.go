package detectors

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// testdata/forecast.json (scripts/vectors/forecast.py), read by src/detectors/forecast.test.ts too, with the same
// tolerance rule as the detector vectors.
type forecastFile struct {
	Source    string         `json:"source"`
	Tolerance tolerance      `json:"tolerance"`
	Cases     []forecastCase `json:"cases"`
}

type forecastCase struct {
	Name     string       `json:"name"`
	Detector string       `json:"detector"`
	Params   RawParams    `json:"params"`
	Input    vectorSeries `json:"input"`
	Times    []int64      `json:"times"`
	Expected struct {
		Error    string     `json:"error"`
		Expected []encFloat `json:"expected"`
		Lower    []encFloat `json:"lower"`
		Upper    []encFloat `json:"upper"`
		Crossing *struct {
			Threshold struct {
				Value     float64 `json:"value"`
				Direction string  `json:"direction"`
			} `json:"threshold"`
			Expected *int64 `json:"expected"`
			Band     *int64 `json:"band"`
		} `json:"crossing"`
	} `json:"expected"`
}

func TestForecastVectors(t *testing.T) {
	b, err := os.ReadFile("../../testdata/forecast.json")
	if err != nil {
		t.Fatal(err)
	}
	var f forecastFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, c := range f.Cases {
		covered[c.Detector] = true
		t.Run(c.Name, func(t *testing.T) {
			s := Series{T: c.Input.T, V: floats(c.Input.V)}
			before := slices.Clone(s.V)
			p, err := Prepare(c.Detector, c.Params)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ForecastSeries(p, s, c.Times)
			if c.Expected.Error != "" {
				var de *Error
				if !errors.As(err, &de) || string(de.Code) != c.Expected.Error {
					t.Fatalf("error %v, want code %s", err, c.Expected.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []struct {
				name string
				got  []float64
				want []encFloat
			}{{"expected", got.Expected, c.Expected.Expected}, {"lower", got.Lower, c.Expected.Lower},
				{"upper", got.Upper, c.Expected.Upper}} {
				if len(k.got) != len(k.want) {
					t.Fatalf("%s: %d values, want %d", k.name, len(k.got), len(k.want))
				}
				for i, w := range k.want {
					if !closeTo(k.got[i], float64(w), f.Tolerance.Abs, f.Tolerance.Rel) {
						t.Fatalf("%s[%d] = %v, want %v", k.name, i, k.got[i], float64(w))
					}
				}
			}
			if x := c.Expected.Crossing; x != nil {
				cross := FirstCrossing(got, Threshold{Value: x.Threshold.Value, Above: x.Threshold.Direction == "above"})
				if (x.Expected != nil) != cross.ExpectedOK || (x.Expected != nil && *x.Expected != cross.Expected) {
					t.Errorf("expected crossing %+v, want %v", cross, x.Expected)
				}
				if (x.Band != nil) != cross.BandOK || (x.Band != nil && *x.Band != cross.Band) {
					t.Errorf("band crossing %+v, want %v", cross, x.Band)
				}
			}
			if !slices.EqualFunc(s.V, before, func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }) {
				t.Error("the input changed")
			}
		})
	}
	for _, id := range ForecastDetectors {
		if !covered[id] {
			t.Errorf("no forecast vector for %s", id)
		}
	}
}

func TestCheckForecastNamesTheDetectorsThatCan(t *testing.T) {
	for _, d := range Detectors {
		err := CheckForecast(d.ID)
		if slices.Contains(ForecastDetectors, d.ID) != (err == nil) {
			t.Errorf("%s: CheckForecast = %v", d.ID, err)
		}
		if err != nil && !strings.Contains(err.Error(), "the detectors that can are auto, holt_winters, seasonal") {
			t.Errorf("%s: message %q does not name the detectors that can forecast", d.ID, err)
		}
	}
}

func TestHWVarianceFactor(t *testing.T) {
	if f := hwVarianceFactor(1, 0.3, 0.03, 0.2, 12); f != 1 {
		t.Errorf("h = 1: %v, want 1", f)
	}
	if f := hwVarianceFactor(25, 1, 0, 0, 1); f != 25 {
		t.Errorf("random walk: %v, want 25", f)
	}
	prev := 1.0
	for h := 2.0; h <= 40; h++ {
		f := hwVarianceFactor(h, 0.3, 0.03, 0.2, 12)
		if f <= prev {
			t.Fatalf("h = %v: %v does not grow from %v", h, f, prev)
		}
		prev = f
	}
}

func TestForecastTimes(t *testing.T) {
	if got := ForecastTimes(1000, 60, 200); !slices.Equal(got, []int64{1060, 1120, 1180}) {
		t.Errorf("got %v", got)
	}
	if len(ForecastTimes(1000, 60, 59)) != 0 || len(ForecastTimes(1000, 0, 600)) != 0 {
		t.Error("want no times")
	}
}
