package detectors

import "math"

const (
	// profileHalfLifeSeasons: a phase's profile averages its visits with weights halving every 2 seasons.
	profileHalfLifeSeasons = 2
	// profileSmoothingMs: phases on each side averaged into a point's expected value and spread (±10 minutes).
	profileSmoothingMs = 600_000
	// maxPhases: the most phases a profile keeps; a finer step shares a phase (src/detectors/seasonal_profile.ts).
	maxPhases = 1 << 20
)

// seasonalProfile is the ensemble's seasonal component: what the series usually does at this time of the season,
// learnt across seasons on the wall clock of a time zone, in O(1) amortised per point. It returns the expected
// value and spread per point (NaN where there is none), and at the points with a band the mean and variance of
// the values of every phase visited so far (the season's level and swing; NaN elsewhere). Twin of seasonalProfile
// in src/detectors/seasonal_profile.ts, where the formulas are written out.
func seasonalProfile(s Series, periodMs float64, timezone string) (part ensemblePart, mean, swing []float64) {
	n := len(s.V)
	out := ensemblePart{expected: make([]float64, n), spread: make([]float64, n), weight: 1}
	mean, swing = make([]float64, n), make([]float64, n)
	for i := range n {
		out.expected[i], out.spread[i], mean[i], swing[i] = nan, nan, nan, nan
	}
	clock := newZoneClock(timezone)
	var steps stepEstimate
	var res resolution
	var p *profile
	first := -1
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if first < 0 {
			first = i
		}
		step := steps.add(s.T[i])
		if step > 0 && (p == nil || p.step != step) {
			p = newProfile(periodMs, step, clock)
			for j := first; j < i; j++ {
				if !math.IsNaN(s.V[j]) {
					p.visit(s.T[j])
					p.learn(s.V[j], nan)
				}
			}
		}
		if p != nil {
			p.visit(s.T[i])
			spread := nan
			if p.ready {
				spread = p.spread
				if f := res.floor(p.expected); f > spread {
					spread = f
				}
				out.expected[i], out.spread[i] = p.expected, spread
				d := p.totalD / float64(p.phasesV)
				mean[i] = p.origin + d
				swing[i] = max(0, p.totalD2/float64(p.phasesV)-d*d)
			}
			p.learn(x, spread)
		}
		res.add(x)
	}
	return out, mean, swing
}

// profile is the per-phase state of seasonalProfile, with the sums over the window of phases around the current
// one (they slide with the phase and are recomputed at each new season and after a jump).
type profile struct {
	periodMs, step, decay   float64
	bucket                  float64 // the phase width: the step, or wider beyond maxPhases phases
	phases, h               int
	clock                   *zoneClock
	value, absResidual      []float64
	visits, residuals       []int
	lastVisit               []float64
	phase                   int
	whole                   bool // period and bucket are whole milliseconds
	sumV, sumA              float64
	nV, nA, residualCount   int
	origin, totalD, totalD2 float64 // over every visited phase: sums of value − origin and its square ...
	phasesV                 int     // ... and their number (origin: the first value learnt)
	expected, spread        float64
	ready                   bool
}

func newProfile(periodMs, step float64, clock *zoneClock) *profile {
	bucket := max(step, math.Ceil(periodMs/maxPhases))
	phases := max(1, int(math.Ceil(periodMs/bucket)))
	p := &profile{
		periodMs: periodMs, step: step, bucket: bucket, decay: -math.Expm1(-math.Ln2 / profileHalfLifeSeasons),
		phases: phases, h: min(int(math.Floor(profileSmoothingMs/bucket+0.5)), (phases-1)/2), clock: clock,
		value: make([]float64, phases), absResidual: make([]float64, phases), visits: make([]int, phases),
		residuals: make([]int, phases), lastVisit: make([]float64, phases), phase: -1,
		whole: periodMs == math.Trunc(periodMs) && bucket == math.Trunc(bucket),
	}
	for k := range p.lastVisit {
		p.lastVisit[k] = math.Inf(-1)
	}
	return p
}

// visit locates the point's phase and reads its expected value and spread (before learning from it).
func (p *profile) visit(t int64) {
	var q int
	if p.whole {
		// Whole milliseconds (the usual case): the same phase by integer arithmetic, without math.Mod.
		period, bucket := int64(p.periodMs), int64(p.bucket)
		q = int((((p.clock.local(t) % period) + period) % period) / bucket)
	} else {
		local := math.Mod(float64(p.clock.local(t)), p.periodMs)
		if local < 0 {
			local += p.periodMs
		}
		q = int(math.Floor(local / p.bucket))
	}
	q = min(q, p.phases-1)
	next := p.phase + 1
	if next == p.phases {
		next = 0
	}
	if p.phase >= 0 && q == next && q != 0 {
		p.remove(p.wrap(q - p.h - 1))
		p.add(p.wrap(q + p.h))
	} else {
		p.sumV, p.sumA, p.nV, p.nA, p.residualCount = 0, 0, 0, 0, 0
		for k := q - p.h; k <= q+p.h; k++ {
			p.add(p.wrap(k))
		}
	}
	p.phase = q
	p.expected, p.spread = nan, nan
	if p.nV > 0 {
		p.expected = p.sumV / float64(p.nV)
	}
	if p.nA > 0 {
		p.spread = meanAbsToStd * p.sumA / float64(p.nA)
	}
	p.ready = float64(t)-p.lastVisit[q] > p.periodMs/2 && p.nV > 0 && p.residualCount >= 2*p.h+1
	p.lastVisit[q] = float64(t)
}

// learn learns the visited point (clipped to 3 spreads when it has a spread).
func (p *profile) learn(x, spread float64) {
	k := p.phase
	c := clipSpreads * spread
	if p.visits[k] > 0 && !math.IsNaN(p.expected) {
		r := math.Abs(x - p.expected)
		if r > c { // a NaN spread clips nothing
			r = c
		}
		w := max(1/float64(p.residuals[k]+1), p.decay)
		before := p.absResidual[k]
		p.absResidual[k] = before + w*(r-before)
		if p.residuals[k] == 0 {
			p.sumA += p.absResidual[k]
			p.nA++
		} else {
			p.sumA += p.absResidual[k] - before
		}
		p.residuals[k]++
		p.residualCount++
	}
	if p.visits[k] == 0 {
		p.value[k] = x
		p.sumV += x
		p.nV++
		if p.phasesV == 0 {
			p.origin = x
		}
		p.totalD += x - p.origin
		p.totalD2 += (x - p.origin) * (x - p.origin)
		p.phasesV++
	} else {
		d := x - p.value[k]
		if d < -c {
			d = -c
		} else if d > c {
			d = c
		}
		w := max(1/float64(p.visits[k]+1), p.decay)
		before := p.value[k] - p.origin
		p.value[k] += w * d
		p.sumV += w * d
		after := p.value[k] - p.origin
		p.totalD += after - before
		p.totalD2 += after*after - before*before
	}
	p.visits[k]++
}

func (p *profile) add(k int) {
	if p.visits[k] > 0 {
		p.sumV += p.value[k]
		p.nV++
	}
	if p.residuals[k] > 0 {
		p.sumA += p.absResidual[k]
		p.nA++
		p.residualCount += p.residuals[k]
	}
}

func (p *profile) remove(k int) {
	if p.visits[k] > 0 {
		p.sumV -= p.value[k]
		p.nV--
	}
	if p.residuals[k] > 0 {
		p.sumA -= p.absResidual[k]
		p.nA--
		p.residualCount -= p.residuals[k]
	}
}

func (p *profile) wrap(k int) int { return ((k % p.phases) + p.phases) % p.phases }
