package detectors

// stepGaps is how many gaps between samples the series step is the median of (odd: the median is one of them).
const stepGaps = 31

// stepEstimate is the step of a series, causally: the median of the gaps between its first up to stepGaps + 1
// valid samples (of all gaps so far while there are fewer). A median, not the first gap, so a lone point before
// a gap or a few missing scrapes do not change it; frozen after stepGaps gaps. Windows "in points" are applied in
// time with it: a window of w points is the last w·step ms. Twin of src/detectors/step.ts.
type stepEstimate struct {
	gaps  [stepGaps]float64 // ascending
	count int
	last  int64
	seen  bool
	step  float64 // ms; 0 until two samples
}

// add feeds the timestamp of the next valid sample and returns the estimate including its gap. Small enough to
// inline: once frozen it is one comparison in every detector's loop.
func (e *stepEstimate) add(t int64) float64 {
	if e.count < stepGaps {
		e.insert(t)
	}
	return e.step
}

// insert records the gap to t while the estimate is not frozen.
func (e *stepEstimate) insert(t int64) {
	if e.seen {
		gap := float64(t - e.last)
		j := e.count
		e.count++
		for j > 0 && e.gaps[j-1] > gap {
			e.gaps[j] = e.gaps[j-1]
			j--
		}
		e.gaps[j] = gap
		mid := e.count >> 1
		if e.count%2 == 1 {
			e.step = e.gaps[mid]
		} else {
			e.step = (e.gaps[mid-1] + e.gaps[mid]) / 2
		}
	}
	e.last, e.seen = t, true
}

// settled reports whether the estimate is frozen.
func (e *stepEstimate) settled() bool { return e.count == stepGaps }
