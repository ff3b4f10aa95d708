package detectors

import "math"

// seasonalMADToStd turns a MAD into a robust standard deviation: 1.4826·MAD estimates σ of normal data.
const seasonalMADToStd = 1.4826

// seasonalAssumedStepSeconds is the step Seasonal.Warmup assumes when bucket is 0 (the series step is not known
// from the parameters alone).
const seasonalAssumedStepSeconds = 60

// seasonalMinPooled is the least number of deviations the spread is pooled over (src/detectors/seasonal.ts
// MIN_POOLED: a robust spread from few values lets a 3-spread band flag far more than 3σ would).
const seasonalMinPooled = 240

// Seasonal is the seasonal baseline detector: median ± k·robust spread of the same phase (time of day, time of
// week) over the previous seasons, phases on the wall clock of a time zone. Twin of src/detectors/seasonal.ts,
// where the formulas are written out:
//
//	B = bucket·1000 ms, or the series step (step.go; the history is rebuilt while that estimate moves)
//	phase(t) = floor((local(t) mod P) / B),  phases = ceil(P / B)
//	expected_i = median of the last N values of phase(t_i)
//	spread_i   = max(1.4826 · median of the pooled leave-one-out deviations of the phases within ±h of
//	             phase(t_i), 1.4826 · median of its own phase's deviations, floor(expected_i)),
//	             h = max(neighbours, ceil((240/N − 1)/2))
//	lower_i/upper_i = expected_i ∓ sensitivity·spread_i
//
// Cost: O(N·log N) per point for the phase it joins plus O(M) for the spread (a selection); memory
// O(min(phases, n)·N).
var Seasonal = &Detector{
	ID:          "seasonal",
	Name:        "Seasonal baseline",
	Description: "Median and robust spread of the same time of day (or week) over the previous seasons.",
	Params: append([]ParamSpec{
		intParam("period", 86400, 60, 31*86400,
			"Season length in seconds: 86400 for a daily pattern, 604800 for a weekly one."),
		intParam("seasons", 4, 2, 52, "Previous seasons (values per phase) the median and spread are taken over."),
		intParam("bucket", 0, 0, 31*86400,
			"Phase width in seconds; 0 = the series step (the median spacing of its first points)."),
		intParam("neighbours", 1, 0, 60,
			"Phases on each side pooled into the spread estimate, at least (widened to 240 deviations)."),
		timezoneParam(),
	}, commonParams(ParamSpec{Description: "Band half-width in robust standard deviations (1.4826·MAD)."})...),
	Validate: func(p Params) error { return checkTimeZone("seasonal", p.String("timezone")) },
	Warmup:   func(p Params) int { return p.Int("seasons") * seasonalPhaseCount(p, seasonalBucketSeconds(p)*1000) },
	Detect:   detectSeasonal,
}

func seasonalBucketSeconds(p Params) float64 {
	if b := p.Int("bucket"); b > 0 {
		return float64(b)
	}
	return seasonalAssumedStepSeconds
}

func seasonalPhaseCount(p Params, bucketMs float64) int {
	return int(math.Ceil(float64(p.Int("period")) * 1000 / bucketMs))
}

// pooledNeighbours is the neighbourhood on each side that pools at least seasonalMinPooled deviations.
func pooledNeighbours(neighbours, seasons int) int {
	return max(neighbours, int(math.Ceil((float64(seasonalMinPooled)/float64(seasons)-1)/2)))
}

func detectSeasonal(s Series, p Params) Result {
	return scoreAgainstBand(s.V, seasonalBand(s, p), p)
}

// seasonalBand is seasonal's band before scoring (ensemble uses it as a component).
func seasonalBand(s Series, p Params) Result {
	r, _ := runSeasonal(s, p)
	return r
}

// seasonalState is the seasonal profile after the last valid point (seasonal_forecast.go forecasts from it): the
// phase of a time and, for a phase whose history is complete, its expected value and spread as seasonal computes
// them for a point. Times in Unix ms. Twin of SeasonalState in src/detectors/seasonal.ts.
type seasonalState struct {
	period, bucket float64 // P and B in ms
	first, last    int64   // times of the first and the last valid point
	phaseAt        func(t int64) int64
	bandAt         func(phase int64) (expected, spread float64, ok bool)
}

// runSeasonal is seasonalBand with the state at the end (nil until the phase width is known).
func runSeasonal(s Series, p Params) (Result, *seasonalState) {
	n := len(s.V)
	seasons := p.Int("seasons")
	neighbours := pooledNeighbours(p.Int("neighbours"), seasons)
	k := p.Float("sensitivity")
	periodMs := float64(p.Int("period")) * 1000
	fixedBucket := 0.0
	if b := p.Int("bucket"); b > 0 {
		fixedBucket = float64(b) * 1000
	}
	clock := newZoneClock(p.String("timezone"))
	local := make([]float64, n)
	valid := 0
	for i, x := range s.V {
		if !math.IsNaN(x) {
			valid++
			local[i] = float64(clock.local(s.T[i]))
		}
	}
	assumed := fixedBucket
	if assumed == 0 {
		assumed = seasonalAssumedStepSeconds * 1000
	}
	r := emptyResult(n, seasons*seasonalPhaseCount(p, assumed))
	var steps stepEstimate
	var res resolution
	bucketMs := 0.0
	phases := 0
	var history *phaseHistory
	var pool []float64
	wholeSeason := false
	phaseOfLocal := func(localMs float64) int64 {
		inSeason := math.Mod(localMs, periodMs)
		if inSeason < 0 {
			inSeason += periodMs
		}
		if q := int64(math.Floor(inSeason / bucketMs)); q < int64(phases) {
			return q
		}
		return int64(phases - 1)
	}
	phaseOf := func(i int) int64 { return phaseOfLocal(local[i]) }
	bandAt := func(phase int64) (float64, float64, bool) {
		own := history.fullSlot(phase)
		if own < 0 {
			return 0, 0, false
		}
		size := 0
		first, last := int(phase)-neighbours, int(phase)+neighbours
		if wholeSeason {
			first, last = 0, phases-1
		}
		for q := first; q <= last; q++ {
			if slot := history.fullSlot(int64((q%phases + phases) % phases)); slot >= 0 {
				copy(pool[size:], history.deviations[slot*seasons:(slot+1)*seasons])
				size += seasons
			}
		}
		e := history.medians[own]
		// The own phase's deviations bound the pooled spread from below (src/detectors/seasonal.ts).
		copy(pool[size:], history.deviations[own*seasons:(own+1)*seasons])
		spread := math.Max(seasonalMADToStd*selectMedian(pool[size:size+seasons]),
			seasonalMADToStd*selectMedian(pool[:size]))
		if f := res.floor(e); f > spread {
			spread = f
		}
		return e, spread, true
	}
	firstValid := -1
	var lastValid int64
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if firstValid < 0 {
			firstValid = i
		}
		b := fixedBucket
		if b == 0 {
			b = steps.add(s.T[i])
		}
		if b != bucketMs && b > 0 {
			// A new phase width (while the step estimate still moves): rebuild the history of earlier points.
			bucketMs = b
			phases = int(math.Ceil(periodMs / bucketMs))
			wholeSeason = 2*neighbours+1 >= phases
			history = newPhaseHistory(min(phases, valid), seasons)
			poolPhases := 2*neighbours + 1
			if wholeSeason {
				poolPhases = phases
			}
			pool = make([]float64, seasons*(poolPhases+1)) // + the own phase
			for j := firstValid; j < i; j++ {
				if !math.IsNaN(s.V[j]) {
					history.add(phaseOf(j), s.V[j])
				}
			}
		}
		if history == nil {
			res.add(x)
			continue
		}
		phase := phaseOf(i)
		if e, spread, ok := bandAt(phase); ok {
			r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*spread, e+k*spread
		}
		history.add(phase, x)
		res.add(x)
		lastValid = s.T[i]
	}
	if fixedBucket == 0 && bucketMs > 0 {
		r.Warmup = seasons * phases
	}
	if history == nil {
		return r, nil
	}
	return r, &seasonalState{period: periodMs, bucket: bucketMs, first: s.T[firstValid], last: lastValid, bandAt: bandAt,
		phaseAt: func(t int64) int64 { return phaseOfLocal(float64(clock.local(t))) }}
}
