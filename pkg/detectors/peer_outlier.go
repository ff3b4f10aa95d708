package detectors

import (
	"math"
	"slices"
)

// peerOutlierMinPeers: fewer valid values than this at a timestamp leave it unscored; fewer series is an error.
const peerOutlierMinPeers = 3

// peerMADToSigma makes the MAD a consistent estimator of the standard deviation for normal data (written literally).
const peerMADToSigma = 1.4826

// PeerOutlier flags which series deviates from its peers at the same timestamp — the "one pod out of twenty"
// case. Twin of src/detectors/peer_outlier.ts, where the reasons are written out. At each timestamp of the union
// of the group's timestamps with at least 3 peers (series with a non-NaN point there):
//
//	expected = median of the peers' values,  s_t = 1.4826 · median(|value − expected|)
//	pooled   = 1.4826 · median of the non-zero deviations of every peer at the earlier scored timestamps of the
//	           last `window` steps of time (at most `window` timestamps; step: step.go over the timestamps that
//	           bring a new sample; a timestamp where every peer repeats its previous sample is not pooled again)
//	spread   = max(s_t, pooled, minSpread · |expected|, floor(expected))   (floor: 1e-9·|expected| or the
//	           smallest quantum of any member, resolution.go)
//	lower/upper = expected ∓ sensitivity · spread,   each peer scored against that band
//
// A timestamp is scored once the pool holds ceil(window/2) timestamps. Fewer than 3 peers: NaN. A group of fewer
// than 3 series is rejected with TooFewSeries.
//
// Cost: O(n·g·log g) plus O(window·g) per timestamp for the pooled median (a selection).
var PeerOutlier = &Detector{
	ID:           "peer_outlier",
	Name:         "Peer outlier",
	Description:  "Flags the series that deviates from the median of its group at the same time (one pod out of many).",
	Multivariate: true,
	Params: append([]ParamSpec{
		intParam("window", 60, 1, 100000,
			"Steps of time over which the group’s spread is pooled (its median is a floor for the spread now)."),
		floatParam("minSpread", 0, 0, 10,
			"Smallest spread as a fraction of |median| (0.01 = 1%), so near-identical series do not flag tiny differences."),
	}, commonParams(ParamSpec{
		Default: 5.0,
		Description: "Band half-width in robust standard deviations across the group (1.4826 × MAD); " +
			"larger = fewer anomalies.",
	})...),
	Warmup:      func(p Params) int { return (p.Int("window") + 1) / 2 },
	DetectGroup: detectPeerOutlier,
}

// deviationPool holds the non-zero deviations of the last `size` pooled timestamps (a ring in arrival order).
type deviationPool struct {
	size, g, head, length int
	times                 []int64
	counts                []int
	values, scratch       []float64
}

func newDeviationPool(size, g int) *deviationPool {
	return &deviationPool{size: size, g: g, times: make([]int64, size), counts: make([]int, size),
		values: make([]float64, size*g), scratch: make([]float64, size*g)}
}

func (d *deviationPool) push(t int64, deviations []float64) {
	if d.length == d.size {
		d.dropOldest()
	}
	slot := (d.head + d.length) % d.size
	d.length++
	d.times[slot] = t
	c := 0
	for _, x := range deviations {
		if x > 0 {
			d.values[slot*d.g+c] = x
			c++
		}
	}
	d.counts[slot] = c
}

func (d *deviationPool) evictBefore(cutoff float64) {
	for d.length > 0 && float64(d.times[d.head]) < cutoff {
		d.dropOldest()
	}
}

func (d *deviationPool) median() float64 {
	m := 0
	for a := range d.length {
		slot := (d.head + a) % d.size
		m += copy(d.scratch[m:], d.values[slot*d.g:slot*d.g+d.counts[slot]])
	}
	if m == 0 {
		return 0
	}
	return selectMedian(d.scratch[:m])
}

func (d *deviationPool) dropOldest() {
	d.length--
	if d.head++; d.head == d.size {
		d.head = 0
	}
}

func detectPeerOutlier(series []Series, p Params) ([]Result, error) {
	g := len(series)
	if g < peerOutlierMinPeers {
		return nil, newError(TooFewSeries,
			"peer_outlier: needs at least %d series to compare peers, got %d; query more series (e.g. by pod)",
			peerOutlierMinPeers, g)
	}
	k := p.Float("sensitivity")
	minSpread := p.Float("minSpread")
	window := p.Int("window")
	minPool := (window + 1) / 2
	results := make([]Result, g)
	repeats := make([][]int32, g)
	resolutions := make([]resolution, g)
	for s := range series {
		results[s] = emptyResult(len(series[s].V), minPool)
		repeats[s] = repeatSources(series[s])
	}
	cursor := make([]int, g)
	peerSeries := make([]int, g)
	peerIndex := make([]int, g)
	values := make([]float64, g)
	deviations := make([]float64, g)
	sorted := make([]float64, g)
	pool := newDeviationPool(window, g)
	var steps stepEstimate
	for {
		// The next timestamp of the union: the smallest one not consumed yet.
		t, any := int64(math.MaxInt64), false
		for s := range series {
			if cursor[s] < len(series[s].T) && series[s].T[cursor[s]] < t {
				t, any = series[s].T[cursor[s]], true
			}
		}
		if !any {
			break
		}
		count, fresh := 0, false
		for s := range series {
			i := cursor[s]
			if i < len(series[s].T) && series[s].T[i] == t {
				cursor[s]++
				if x := series[s].V[i]; !math.IsNaN(x) {
					peerSeries[count], peerIndex[count], values[count] = s, i, x
					count++
					fresh = fresh || repeats[s] == nil || repeats[s][i] < 0
				}
			}
		}
		if count < peerOutlierMinPeers {
			continue
		}
		copy(sorted, values[:count])
		slices.Sort(sorted[:count])
		expected := peerSortedMedian(sorted[:count])
		for j := range count {
			deviations[j] = math.Abs(values[j] - expected)
		}
		// The step counts new samples only: peers read at a step finer than their resolution repeat samples.
		step := steps.step
		if fresh {
			step = steps.add(t)
		}
		if step > 0 {
			pool.evictBefore(float64(t) - float64(window)*step)
		}
		if pool.length >= minPool {
			quantum := 0.0
			for s := range resolutions {
				if q := resolutions[s].quantum(); q > 0 && (quantum == 0 || q < quantum) {
					quantum = q
				}
			}
			floor := max(RelativeResolution*math.Abs(expected), quantum, minSpread*math.Abs(expected))
			copy(sorted, deviations[:count])
			slices.Sort(sorted[:count])
			now := peerMADToSigma * peerSortedMedian(sorted[:count])
			spread := max(now, peerMADToSigma*pool.median(), floor)
			lower, upper := expected-k*spread, expected+k*spread
			for j := range count {
				r, i := results[peerSeries[j]], peerIndex[j]
				r.Expected[i], r.Lower[i], r.Upper[i] = expected, lower, upper
			}
		}
		if fresh {
			pool.push(t, deviations[:count])
		}
		for j := range count {
			resolutions[peerSeries[j]].add(series[peerSeries[j]].V[peerIndex[j]])
		}
	}
	for s := range series {
		results[s] = scoreAgainstBand(series[s].V, results[s], p)
	}
	return results, nil
}

// peerSortedMedian is the median of an ascending slice: the middle value or the mean of the two middle ones.
func peerSortedMedian(sorted []float64) float64 {
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}
