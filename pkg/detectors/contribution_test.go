package detectors

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"testing"
)

// The shared table; src/detectors/contribution.test.ts reads the same file with the same tolerance rule.
const contributionTable = "../../testdata/contribution.json"

type contributionCase struct {
	Name     string    `json:"name"`
	Detector string    `json:"detector"`
	Params   RawParams `json:"params"`
	At       int64     `json:"at"`
	Input    []struct {
		T []int64    `json:"t"`
		V []encFloat `json:"v"`
	} `json:"input"`
	Expected struct {
		Share     []encFloat `json:"share"`
		Deviation []encFloat `json:"deviation"`
	} `json:"expected"`
}

func TestContributionTable(t *testing.T) {
	raw, err := os.ReadFile(contributionTable)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Tolerance tolerance          `json:"tolerance"`
		Cases     []contributionCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 5 {
		t.Fatalf("the table has %d cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			series := make([]Series, len(c.Input))
			for i, s := range c.Input {
				v := make([]float64, len(s.V))
				for j, x := range s.V {
					v[j] = float64(x)
				}
				series[i] = Series{T: s.T, V: v}
			}
			before := make([][]float64, len(series))
			for i, s := range series {
				before[i] = slices.Clone(s.V)
			}
			got, err := Contributions(c.Detector, series, c.At, c.Params)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(series) {
				t.Fatalf("%d contributions for %d series", len(got), len(series))
			}
			for i, g := range got {
				share, dev := float64(c.Expected.Share[i]), float64(c.Expected.Deviation[i])
				tol := file.Tolerance
				if !closeTo(g.Share, share, tol.Abs, tol.Rel) || !closeTo(g.Deviation, dev, tol.Abs, tol.Rel) {
					t.Errorf("series %d: share %v deviation %v, want %v %v", i, g.Share, g.Deviation, share, dev)
				}
			}
			for i, s := range series {
				if !slices.EqualFunc(s.V, before[i], func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }) {
					t.Errorf("series %d was modified", i)
				}
			}
		})
	}
}

func TestContributionsRejectUnivariateDetectors(t *testing.T) {
	_, err := Contributions("mad", []Series{{T: []int64{0}, V: []float64{1}}}, 0, nil)
	var de *Error
	if !errors.As(err, &de) || de.Code != InvalidParam {
		t.Fatalf("want an invalid_param error, got %v", err)
	}
	if _, err := Contributions("isolation_forest", nil, 0, RawParams{"window": -1.0}); err == nil {
		t.Fatal("a bad window must be rejected with the registry's message")
	}
}
