package detectors

import "math"

// RelativeResolution is the smallest relative difference between two values that any detector resolves: 1e-9
// of the values' magnitude. Float64 arithmetic in exporters and recording rules leaves errors of a few units in
// the last place (about 1e-16 of the value); 1e-9 is far above that and far below any change an operator would
// page on. See src/detectors/resolution.ts.
const RelativeResolution = 1e-9

// resolution is what the data can resolve, learnt causally from its samples: quantum q = the smallest change
// between consecutive valid samples larger than RelativeResolution of their magnitude, counted once the data has
// shown two ties (consecutive samples exactly equal: quantised data repeats values, continuous data does not);
// floor(e) = max(RelativeResolution·|e|, q), the smallest spread a detector may use at a point with expected
// value e. Twin of src/detectors/resolution.ts.
type resolution struct {
	smallest float64
	ties     int
	last     float64
	seen     bool
}

// quantum is the data's quantum, 0 while unknown.
func (r *resolution) quantum() float64 {
	if r.ties >= 2 {
		return r.smallest
	}
	return 0
}

// add feeds the next valid sample, after the point has been scored. This is in every detector's loop: the common
// case (a change no smaller than the running minimum) is an inlined comparison; the rest is in note.
func (r *resolution) add(x float64) {
	if d, s := x-r.last, r.smallest; s == 0 || (d < s && d > -s) {
		r.note(x)
	}
	r.last = x
}

// note handles the first sample, ties and changes smaller than the running minimum (r.last is the previous
// sample).
func (r *resolution) note(x float64) {
	if !r.seen {
		r.seen = true
		return
	}
	d := math.Abs(x - r.last)
	if d == 0 {
		r.ties++
	} else if d > RelativeResolution*math.Max(math.Abs(x), math.Abs(r.last)) {
		r.smallest = d
	}
}

// floor is the smallest spread at a point with expected value e.
func (r *resolution) floor(e float64) float64 {
	q := 0.0
	if r.ties >= 2 {
		q = r.smallest
	}
	if e < 0 {
		e = -e
	}
	if f := RelativeResolution * e; f > q {
		return f
	}
	return q
}
