package detectors

import "math"

// LookbackMs is Prometheus' default lookback delta: a range query returns a series' latest sample again at every
// step for up to five minutes after it was written (then nothing until the next sample).
const LookbackMs = 300_000

// repeatSources returns, for each point, the index of the point whose sample it repeats, or −1 when it is a
// sample of its own (or missing); nil when the series has no repeat (the common case). A valid point i repeats
// when its value is identical to the point just before it and it lies less than LookbackMs after the first
// point r of that run of identical consecutive values; it then repeats r. A run longer than the lookback is a
// value that really stays the same: its points from LookbackMs on count as samples again. A missing point ends a
// run. Causal. Twin of src/detectors/samples.ts.
func repeatSources(s Series) []int32 {
	var out []int32
	runStart := 0
	for i := 1; i < len(s.V); i++ {
		if s.V[i] != s.V[i-1] || math.IsNaN(s.V[i]) {
			runStart = i
			continue
		}
		if s.T[i]-s.T[runStart] < LookbackMs {
			if out == nil {
				out = make([]int32, len(s.V))
				for j := range out {
					out[j] = -1
				}
			}
			out[i] = int32(runStart) // #nosec G115 -- an index into the series: a series of 2^31 points (16 GiB of values) cannot be held
		}
	}
	return out
}

// detectSamples runs a univariate detector so that a repeated sample counts once: the detector sees the series
// without its repeats, and every repeat gets the outputs of the sample it repeats (expected, band, score, flag).
func detectSamples(detect func(Series, Params) Result, s Series, p Params) Result {
	sources := repeatSources(s)
	if sources == nil {
		return detect(s, p)
	}
	n := len(s.V)
	index := make([]int32, n)
	m := 0
	for i := range n {
		if sources[i] < 0 {
			index[i] = int32(m) // #nosec G115 -- m < len(s.V), an index into the series (see repeatSources)
			m++
		}
	}
	reduced := Series{T: make([]int64, m), V: make([]float64, m)}
	for i := range n {
		if sources[i] < 0 {
			reduced.T[index[i]], reduced.V[index[i]] = s.T[i], s.V[i]
		}
	}
	r := detect(reduced, p)
	out := emptyResult(n, r.Warmup)
	for i := range n {
		j := index[i]
		if sources[i] >= 0 {
			j = index[sources[i]]
		}
		out.Expected[i], out.Lower[i], out.Upper[i] = r.Expected[j], r.Lower[j], r.Upper[j]
		out.Score[i], out.Anomaly[i] = r.Score[j], r.Anomaly[j]
	}
	return out
}
