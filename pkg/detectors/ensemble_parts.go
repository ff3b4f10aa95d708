package detectors

import "math"

// ensemblePart is one component of the ensemble: its expected value and spread per point (NaN where it has
// none) and its weight u in the combination. Twin of Part in src/detectors/ensemble_parts.ts.
type ensemblePart struct {
	expected, spread []float64
	weight           float64
}

const (
	// ensembleChangeWeight is how many times the change component counts in the combined score.
	ensembleChangeWeight = 1.5
	// changeMaxGap: a change is between samples at most this many steps apart (src/detectors/ensemble_parts.ts).
	changeMaxGap = 3
)

func partFromBand(r Result, weight float64) ensemblePart {
	spread := make([]float64, len(r.Expected))
	for i := range spread {
		spread[i] = r.Upper[i] - r.Expected[i]
	}
	return ensemblePart{r.Expected, spread, weight}
}

// levelParts are zscore over `window` steps and ewma with half-life window/4 (bands at k = 1), each taking part
// after `quick` steps of data.
func levelParts(s Series, window, quick int) []ensemblePart {
	return []ensemblePart{
		partFromBand(zscoreBand(s, window, 1, quick), 1),
		partFromBand(ewmaBand(s, max(1, float64(window)/4), 1, quick), 1),
	}
}

// changePart is the change component: the previous value (as the component kept it) plus the mean change of
// the last `window` steps, spread = max(std of the changes, floor of the previous value); changes enter clipped
// to mean ± 3 spreads and after a lone jump the next point is predicted from the clipped value. See changePart
// in src/detectors/ensemble_parts.ts.
func changePart(s Series, window, quick int) ensemblePart {
	n := len(s.V)
	expected, spread := make([]float64, n), make([]float64, n)
	for i := range expected {
		expected[i], spread[i] = nan, nan
	}
	ringT := make([]int64, window)
	ringD := make([]float64, window)
	minCount := max(2, (min(window, quick)+1)/2)
	var steps stepEstimate
	var res resolution
	head, count := 0, 0
	sum, sumSq := 0.0, 0.0
	last, lastSide := nan, 0
	var first, lastT int64
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := s.T[i]
		step := steps.add(t)
		span := float64(window) * step
		if math.IsNaN(last) {
			last, first, lastT = x, t, t
			res.add(x)
			continue
		}
		for count > 0 && float64(ringT[head]) < float64(t)-span {
			sum -= ringD[head]
			sumSq -= ringD[head] * ringD[head]
			if head++; head == window {
				head = 0
			}
			count--
		}
		d := x - last
		next, side := x, 0
		if float64(t-lastT) > changeMaxGap*step {
			last, lastT, lastSide = x, t, 0 // not a change: start afresh from this point
			res.add(x)
			continue
		}
		if count >= minCount && float64(t-first) >= float64(quick)*step {
			mean := sum / float64(count)
			sd := math.Sqrt(max(0, (sumSq-sum*mean)/float64(count-1)))
			if f := res.floor(last); f > sd {
				sd = f
			}
			expected[i], spread[i] = last+mean, sd
			c := clipSpreads * sd
			if d > mean+c {
				side = 1
			} else if d < mean-c {
				side = -1
			}
			d = min(max(d, mean-c), mean+c)
			if side != 0 && side != lastSide {
				next = last + d // a lone jump: the next point is predicted from the clipped value
			}
		}
		lastSide = side
		if count == window {
			sum -= ringD[head]
			sumSq -= ringD[head] * ringD[head]
			if head++; head == window {
				head = 0
			}
			count--
		}
		tail := (head + count) % window
		ringT[tail], ringD[tail] = t, d
		count++
		sum += d
		sumSq += d * d
		last, lastT = next, t
		res.add(x)
	}
	return ensemblePart{expected, spread, ensembleChangeWeight}
}
