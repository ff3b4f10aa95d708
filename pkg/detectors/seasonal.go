package detectors

import (
	"math"
	"slices"
)

// seasonalMADToStd turns a MAD into a robust standard deviation: 1.4826·MAD estimates σ of normal data.
const seasonalMADToStd = 1.4826

// seasonalAssumedStepSeconds is the step Seasonal.Warmup assumes when bucket is 0 (the series step is not known
// from the parameters alone).
const seasonalAssumedStepSeconds = 60

// Seasonal is the seasonal baseline detector: median ± k·robust spread of the same phase (time of day, time of
// week) over the previous seasons.
//
// Phases come from timestamps, not point counts, so gaps and zoom changes do not shift them:
//
//	P = period·1000 ms,  B = bucket·1000 ms (bucket 0: B = t[1] − t[0], the series step),
//	phase(t) = floor((t mod P) / B),  phases = ceil(P / B).
//
// Each phase remembers its last `seasons` = N valid values (one per season when B is the step). For point i:
//
//	expected_i = median of the N values of phase(t_i)
//	spread_i   = 1.4826 · median of the pooled leave-one-out deviations |x − median(the other N − 1 values of
//	             x's phase)| of every phase within ±neighbours buckets of phase(t_i) (circularly, each phase
//	             once, only phases holding N values)
//	lower_i/upper_i = expected_i ∓ sensitivity·spread_i
//
// The centre uses the exact phase only (neighbouring phases sit at other levels of the daily curve); the spread
// pools neighbours because N values alone give a very noisy MAD. Deviations are leave-one-out because a median
// fitted to the same few values sits too close to them: the plain MAD around a phase's own median
// under-estimates the error of predicting a new season by 30–50 % for N ≤ 8, while the leave-one-out deviation
// is exactly such a prediction error (from N − 1 seasons). A phase's neighbours may include the current season's
// earlier value (the bucket just before the point): still causal.
//
// Warm-up: a point is scored once its phase holds N earlier values; on a regular series that is after
// N·phases valid points (Result.Warmup). Warmup(p) must answer without the series, so with bucket 0 it assumes a
// 60 s step. Phases that never had N values stay NaN. Missing (NaN) points are skipped and enter no history;
// timestamps need not be regular. A constant series has zero deviations: a zero-width band, scores 0, and no
// division anywhere (the shared scoring caps a point off a zero-width band at 100).
//
// Cost: O(N·log N) per point to refresh the phase it joins, plus O(M·log M) for the spread with
// M = N·min(2·neighbours + 1, phases) — constant in the series length n. Memory O(min(phases, n)·N): phases get a
// ring on first use (phaseHistory); all buffers are allocated before the loop.
var Seasonal = &Detector{
	ID:          "seasonal",
	Name:        "Seasonal baseline",
	Description: "Median and robust spread of the same time of day (or week) over the previous seasons.",
	Params: append([]ParamSpec{
		intParam("period", 86400, 60, 31*86400,
			"Season length in seconds: 86400 for a daily pattern, 604800 for a weekly one."),
		intParam("seasons", 4, 2, 52, "Previous seasons (values per phase) the median and spread are taken over."),
		intParam("bucket", 0, 0, 31*86400,
			"Phase width in seconds; 0 = the series step (the spacing of its first two timestamps)."),
		intParam("neighbours", 1, 0, 60, "Phases on each side whose history is pooled into the spread estimate."),
	}, commonParams(ParamSpec{Description: "Band half-width in robust standard deviations (1.4826·MAD)."})...),
	Warmup: func(p Params) int { return p.Int("seasons") * seasonalPhaseCount(p, seasonalBucketSeconds(p)*1000) },
	Detect: detectSeasonal,
}

func seasonalBucketSeconds(p Params) int64 {
	if b := p.Int("bucket"); b > 0 {
		return int64(b)
	}
	return seasonalAssumedStepSeconds
}

func seasonalPhaseCount(p Params, bucketMs int64) int {
	periodMs := int64(p.Int("period")) * 1000
	return int((periodMs + bucketMs - 1) / bucketMs)
}

// seasonalBucketMs is the phase width in ms: the bucket parameter, or the series step from its first two
// timestamps.
func seasonalBucketMs(t []int64, p Params) int64 {
	if p.Int("bucket") > 0 || len(t) < 2 {
		return seasonalBucketSeconds(p) * 1000
	}
	return t[1] - t[0]
}

func detectSeasonal(s Series, p Params) Result {
	n := len(s.V)
	seasons := p.Int("seasons")
	neighbours := p.Int("neighbours")
	k := p.Float("sensitivity")
	periodMs := int64(p.Int("period")) * 1000
	bucketMs := seasonalBucketMs(s.T, p)
	phases := seasonalPhaseCount(p, bucketMs)
	r := emptyResult(n, seasons*phases)
	valid := 0
	for _, x := range s.V {
		if !math.IsNaN(x) {
			valid++
		}
	}
	history := newPhaseHistory(min(phases, valid), seasons)
	// Every phase once when the neighbourhood wraps around the whole season.
	wholeSeason := 2*neighbours+1 >= phases
	poolPhases := 2*neighbours + 1
	if wholeSeason {
		poolPhases = phases
	}
	pool := make([]float64, seasons*poolPhases)
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		inSeason := s.T[i] % periodMs
		if inSeason < 0 {
			inSeason += periodMs
		}
		phase := inSeason / bucketMs
		if own := history.fullSlot(phase); own >= 0 {
			size := 0
			first, last := int(phase)-neighbours, int(phase)+neighbours
			if wholeSeason {
				first, last = 0, phases-1
			}
			for q := first; q <= last; q++ {
				if slot := history.fullSlot(int64((q + phases) % phases)); slot >= 0 {
					copy(pool[size:], history.deviations[slot*seasons:(slot+1)*seasons])
					size += seasons
				}
			}
			sorted := pool[:size]
			slices.Sort(sorted)
			spread := seasonalMADToStd * seasonalSortedMedian(sorted)
			e := history.medians[own]
			r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*spread, e+k*spread
		}
		history.add(phase, x)
	}
	return scoreAgainstBand(s.V, r, p)
}
