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
// case.
//
// At each timestamp of the union of the group's timestamps, the peers are the series with a non-NaN point at
// exactly that timestamp (the series itself included). With at least 3 peers:
//
//	expected = median of the peers' values
//	spread   = max(1.4826 · median(|value − expected|), minSpread · |expected|)
//	lower/upper = expected ∓ sensitivity · spread,   each peer scored against that band
//
// With fewer than 3 peers the timestamp outputs NaN for every series (Anomaly false). A group of fewer than 3
// series is rejected with TooFewSeries. Medians of an even count average the two middle values.
//
// Causal trivially: each output uses only the values at its own timestamp, so there is no history and no warm-up
// (Warmup 0). NaN points are not peers and output NaN. Identical pods give MAD 0, a zero-width band: a pod on it
// scores 0, any other pod scores the cap (100) — minSpread (a fraction of |median|, e.g. 0.01 = 1%) sets a floor so
// tiny differences between near-identical pods are not anomalies. The default sensitivity is 5, not 3: the MAD
// of a handful of values is noisy (with 20 i.i.d. normal pods, 3 flags 1.4% of points, 5 flags 0.08%; with 5
// pods, 6.9% and 2.8%).
//
// Cost: O(n·g·log g) time for n timestamps and g series (the median and the MAD sort the g peer values once per
// timestamp, shared by all peers), O(g) scratch memory allocated before the loop, besides the outputs.
var PeerOutlier = &Detector{
	ID:           "peer_outlier",
	Name:         "Peer outlier",
	Description:  "Flags the series that deviates from the median of its group at the same time (one pod out of many).",
	Multivariate: true,
	Params: append([]ParamSpec{
		floatParam("minSpread", 0, 0, 10,
			"Smallest spread as a fraction of |median| (0.01 = 1%), so near-identical series do not flag tiny differences."),
	}, commonParams(ParamSpec{
		Default: 5.0,
		Description: "Band half-width in robust standard deviations across the group (1.4826 × MAD); " +
			"larger = fewer anomalies.",
	})...),
	Warmup:      func(Params) int { return 0 },
	DetectGroup: detectPeerOutlier,
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
	results := make([]Result, g)
	for s, one := range series {
		results[s] = emptyResult(len(one.V), 0)
	}
	cursor := make([]int, g)
	peerSeries := make([]int, g)
	peerIndex := make([]int, g)
	values := make([]float64, g)
	deviations := make([]float64, g)
	for {
		// The next timestamp of the union: the smallest one not consumed yet.
		found := false
		var t int64
		for s, one := range series {
			if cursor[s] < len(one.T) && (!found || one.T[cursor[s]] < t) {
				t, found = one.T[cursor[s]], true
			}
		}
		if !found {
			break
		}
		count := 0
		for s, one := range series {
			i := cursor[s]
			if i < len(one.T) && one.T[i] == t {
				cursor[s]++
				if x := one.V[i]; !math.IsNaN(x) {
					peerSeries[count], peerIndex[count], values[count] = s, i, x
					count++
				}
			}
		}
		if count < peerOutlierMinPeers {
			continue
		}
		slices.Sort(values[:count])
		expected := peerSortedMedian(values[:count])
		for j, x := range values[:count] {
			deviations[j] = math.Abs(x - expected)
		}
		slices.Sort(deviations[:count])
		mad := peerSortedMedian(deviations[:count])
		spread := math.Max(peerMADToSigma*mad, minSpread*math.Abs(expected))
		lower, upper := expected-k*spread, expected+k*spread
		for j := 0; j < count; j++ {
			r, i := results[peerSeries[j]], peerIndex[j]
			r.Expected[i], r.Lower[i], r.Upper[i] = expected, lower, upper
		}
	}
	for s, one := range series {
		results[s] = scoreAgainstBand(one.V, results[s], p)
	}
	return results, nil
}

// peerSortedMedian is the median of ascending values: the middle one, or the mean of the two middle ones.
func peerSortedMedian(sorted []float64) float64 {
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}
