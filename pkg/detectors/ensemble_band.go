package detectors

import "math"

const (
	// ensembleHeldBand: a flagged point's band is at most this many baseline spreads (× sensitivity) wide.
	ensembleHeldBand = 3.0
	// leastPointScore: the least score of a point anomaly against the baseline's band (above 1 by far more than
	// the rounding of upper − expected).
	leastPointScore = 1.001
)

// writeBand writes the ensemble's band at point i: the combined band (expected ± half) where the ensemble does not
// flag; at a held point and at a point anomaly the baseline's, baseE ± sensitivity·ensembleHeldBand·baseS (the
// lasting-deviation layer's reference; baseE is NaN where it has none), narrowed to |x − baseE|/q so the point
// lies outside it (q = heldScore at a held point, max(ratio, leastPointScore) at a point anomaly, ratio = raw
// score / threshold), unless at a point anomaly x equals baseE or expected, or, with sided (direction up or down),
// lies on the other side of baseE than of expected: then the combined band, at least min(spread,
// |x − expected|/heldScore) wide. The flag stays the combined score's; the caller scores x against the band. Twin
// of writeBand in src/detectors/ensemble_band.ts, which says why.
func writeBand(r Result, i int, x float64, pointAnomaly, held bool, baseE, baseS, expected, half, spread, ratio,
	sensitivity float64, sided bool) {
	e, w := expected, half
	if held || pointAnomaly {
		above, below := x > baseE && x > expected, x < baseE && x < expected
		baseline := !math.IsNaN(baseE) && x != baseE && x != expected
		if sided {
			baseline = above || below
		}
		if !pointAnomaly || baseline {
			q := heldScore
			if pointAnomaly {
				q = max(ratio, leastPointScore)
			}
			e, w = baseE, narrowedHalf(x, baseE, sensitivity*ensembleHeldBand*baseS, q)
		} else if !(half > 0) {
			w = narrowedHalf(x, expected, spread, heldScore)
		}
	}
	r.Expected[i], r.Lower[i], r.Upper[i] = e, e-w, e+w
}

// narrowedHalf is the half-width natural, narrowed so that x lies outside e ± it with a score ≥ q; natural when
// x = e.
func narrowedHalf(x, e, natural, q float64) float64 {
	d := math.Abs(x-e) / q
	if d > 0 && d < natural {
		return d
	}
	return natural
}
