package detectors

import (
	"fmt"
	"math"
	"testing"
)

// The band of auto and ensemble at flagged points (ensemble_band.go): it shows the baseline the point is judged
// against, with a width, never the anomaly itself in a band of zero width (the bug: "observed 20.8 vs expected
// 18.8, band 18.8 – 18.8" for a 10× error burst). Twin of src/detectors/ensemble_band.test.ts.

const (
	bandLevel = 2.0
	bandNoise = 0.1 // |noise| ≤ 0.15, a standard deviation of about 0.07
	bandStart = 500 // after 500 one-minute steps at the level (enough for auto's warm-up of 60 + 80)
)

// bandSeries is the level plus a deterministic noise (the same as the TypeScript twin), shifted by anomaly(i).
func bandSeries(anomaly func(i int) float64) Series {
	s := Series{T: make([]int64, 600), V: make([]float64, 600)}
	for i := range s.V {
		f := float64(i)
		s.T[i] = int64(i) * 60000
		s.V[i] = bandLevel + bandNoise*math.Sin(1.7*f) + 0.5*bandNoise*math.Cos(0.31*f) + anomaly(i)
	}
	return s
}

func TestEnsembleBandAtFlaggedPoints(t *testing.T) {
	cases := []struct {
		name   string
		s      Series
		points int
	}{
		{"a 10× burst", bandSeries(func(i int) float64 {
			if i >= bandStart && i < bandStart+12 {
				return 9 * bandLevel
			}
			return 0
		}), 12},
		{"a step to 3×", bandSeries(func(i int) float64 {
			if i >= bandStart {
				return 2 * bandLevel
			}
			return 0
		}), 20},
	}
	for _, id := range []string{"auto", "ensemble"} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s %s", id, c.name), func(t *testing.T) {
				out, err := Run(id, []Series{c.s}, RawParams{})
				if err != nil {
					t.Fatal(err)
				}
				r := out[0]
				flagged := 0
				for i := bandStart; i < bandStart+c.points; i++ {
					if !r.Anomaly[i] {
						continue
					}
					flagged++
					lo, e, hi, x := r.Lower[i], r.Expected[i], r.Upper[i], c.s.V[i]
					if !(hi-lo > 0) || !(lo <= e && e <= hi) || !(x > hi) {
						t.Errorf("at %d: x %v, band %v – %v around %v: want a width, and x above it", i, x, lo, hi, e)
					}
					if math.Abs(e-bandLevel) >= 5*bandNoise {
						t.Errorf("at %d: expected %v, want the level before the anomaly (%v ± %v)", i, e, bandLevel,
							5*bandNoise)
					}
				}
				if flagged < c.points/2 {
					t.Fatalf("%d of %d anomalous points flagged", flagged, c.points)
				}
				events := GroupEvents(c.s, r, nil)
				if len(events) == 0 || math.Abs(events[0].ExpectedAtPeak-bandLevel) >= 5*bandNoise {
					t.Errorf("events %+v: want the first one's expected at its peak near %v", events, bandLevel)
				}
			})
		}
	}
}
