package detectors

import (
	"math"
	"testing"
)

// TestAutoSeasonLongerThanEnsemble: daily samples with a 32-day cycle made auto pick a season longer than the
// ensemble's longest period (31 days) and panic (FuzzAuto, testdata/fuzz/FuzzAuto/bdc40f84a6e060d4); the twin of
// src/detectors/auto.test.ts.
func TestAutoSeasonLongerThanEnsemble(t *testing.T) {
	const n = 316
	s := Series{T: make([]int64, n), V: make([]float64, n)}
	for i := range s.V {
		s.T[i] = 1_700_000_000_000 + 86_400_000*int64(i+1)
		s.V[i] = 100 + 10*math.Sin(float64(i)/5.3) // period 10.6π ≈ 33.3 days
	}
	p, err := ResolveParams("auto", RawParams{})
	if err != nil {
		t.Fatal(err)
	}
	if c := AutoParams(s, p); c.Period != 0 {
		t.Fatalf("period %d, want 0 (no season)", c.Period)
	}
	r, err := Run("auto", []Series{s}, RawParams{})
	if err != nil {
		t.Fatal(err)
	}
	scored := 0
	for _, x := range r[0].Score {
		if !math.IsNaN(x) {
			scored++
		}
	}
	if scored == 0 {
		t.Fatal("no point scored")
	}
}
