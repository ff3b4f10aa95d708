package detectors

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"
)

// testdata/season.json: computed by scripts/vectors/season.py (statsmodels acf); shared with season.test.ts.
func TestDetectSeason(t *testing.T) {
	b, err := os.ReadFile("../../testdata/season.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Tolerance tolerance `json:"tolerance"`
		Cases     []struct {
			Name     string     `json:"name"`
			T        []int64    `json:"t"`
			V        []encFloat `json:"v"`
			Expected struct {
				Season *Season `json:"season"`
				Error  string  `json:"error"`
			} `json:"expected"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			v := floats(c.V)
			before := slices.Clone(v)
			got, ok, err := DetectSeason(c.T, v)
			if !sameFloats(v, before) {
				t.Fatal("input mutated")
			}
			if c.Expected.Error != "" {
				var de *Error
				if !errors.As(err, &de) || string(de.Code) != c.Expected.Error {
					t.Fatalf("want error %s, got %v", c.Expected.Error, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := c.Expected.Season
			if want == nil {
				if ok {
					t.Fatalf("found a season %+v in a series without one", got)
				}
				return
			}
			if !ok || got.PeriodPoints != want.PeriodPoints || got.PeriodMs != want.PeriodMs ||
				!closeTo(got.Strength, want.Strength, f.Tolerance.Abs, f.Tolerance.Rel) {
				t.Fatalf("got %+v (found %v), want %+v", got, ok, *want)
			}
		})
	}
}
