package detectors

import "math"

// IsolationForest scores several aligned series together with an Isolation Forest (Liu, Ting & Zhou 2008),
// trained causally on the recent past.
//
// Rows: the timestamps present in every series with a non-NaN value in every series ("aligned rows"); any other
// point outputs NaN with Anomaly false and enters no training set. Features of a row, series by series: the
// value, then for l = 1..lags the change x_t − x_{t−l} since the aligned row l rows earlier (the first `lags`
// aligned rows have no features and stay NaN).
//
// Causal training in time: the training rows of feature row m are the feature rows of [max(0, m − window), m)
// within window·S of t_m (S: the step of the aligned rows, step.go). A forest is built at m when none is usable or
// `retrain` rows have passed, provided warm = min(window, sampleSize) training rows exist; a forest whose newest
// training row is older than window·S is not usable (after a gap the detector warms up again). Aligned rows where
// every series only repeats its previous sample take the score and flag of the row they repeat (samples.go).
// Robust by construction: an outlier in the training set is isolated early and no state outlives the window.
// Each of `trees` trees is grown from
// psi = min(sampleSize, window) rows drawn without replacement, to height limit ceil(log2 psi); an internal node
// picks a feature uniformly among those that vary in the node (a constant one would isolate nothing) and a split
// uniformly in [min, max) of that feature; x < split goes left. Path length of a row = edges to its leaf +
// c(leaf size), c(n) = 2H(n − 1) − 2(n − 1)/n, H(k) = ln k + 0.5772156649015329 (c(2) = 1, c(0) = c(1) = 0).
//
//	s = 2^(−mean path length / c(psi))            in (0, 1]; about 0.5 for ordinary points, near 1 for isolated ones
//	score = max(0, (s − 0.5) / (sensitivity − 0.5))   so score 1 is the threshold s = sensitivity
//
// No band: the detector is multivariate, with no per-series band, so Expected/Lower/Upper are NaN everywhere.
// `direction` is ignored (an isolated point has no side). Every series of the group gets the same score and
// anomaly at a given timestamp, at its own index; `minConsecutive` counts along each series.
//
// Randomness: one mulberry32 generator (mulberry32.go) seeded with `seed` at the start of the run,
// u = uint32 / 2^32. Per build: a permutation of the training rows starts as the identity; per tree, in order:
// psi draws of a partial Fisher–Yates shuffle (r = j + floor(u·(N − j)), swap perm[j] and perm[r]; the sample is
// perm[0..psi), the permutation carries over to the next tree), then the tree's nodes in pre-order. A node with
// more than one point below the height limit draws its feature from the list of the d features in ascending
// order, q = list[floor(u·r)] for the r still listed; a q constant in the node is dropped (the last listed feature
// takes its place) and the draw repeats; an empty list (all points identical) makes the node a leaf. A splitting
// node then draws its split min + u·(max − min). The same data and seed give the same forest in Go and TS
// (src/detectors/isolation_forest.ts); see isolation_forest_trees.go.
//
// Constant series: every training point is identical, each tree is a single leaf, s = 2^(−c(psi)/c(psi)) = 0.5
// and the score is 0 — also for a later step off the constant, which an isolation forest trained on one value
// cannot isolate (use a band detector for that). Likewise it has no seasonal context: a spike that stays inside
// the range a seasonal series covers anyway is not isolated. Warm-up: lags + min(window, sampleSize) aligned
// points.
//
// Cost: aligning O(n·g) for g series; scoring O(n·trees·log psi); training O((n/retrain)·trees·psi·log psi),
// plus O(window) per build for the permutation and a node-size pass per constant feature drawn. Memory
// O(n·d + trees·psi) for d = g·(1 + lags) features, all allocated before the loops (the node pool only grows in
// the rare case of an empty split side).
var IsolationForest = &Detector{
	ID:           "isolation_forest",
	Name:         "Isolation forest",
	Description:  "Scores several series together: points that random splits isolate quickly are unusual combinations.",
	Multivariate: true,
	Params: append([]ParamSpec{
		intParam("window", 1000, 2, 100000, "Number of previous points each forest is trained on."),
		intParam("retrain", 100, 1, 100000,
			"Rebuild the forest every this many points (a forest never sees the points it scores)."),
		intParam("trees", 100, 1, 1000, "Number of isolation trees; more trees give steadier scores and cost more."),
		intParam("sampleSize", 256, 2, 4096,
			"Points each tree is grown from, capped at window; min(window, sampleSize) points are the warm-up."),
		intParam("lags", 0, 0, 10,
			"Also use the changes x(t) − x(t−l), l = 1..lags, of every series as features (catches jumps)."),
		intParam("seed", 42, 0, 2147483647,
			"Seed of the random generator; the same data and seed give the same scores everywhere."),
	}, commonParams(isolationForestSensitivity())...),
	Warmup:      isolationForestWarmup,
	DetectGroup: detectIsolationForest,
}

// isolationForestSensitivity is the threshold on s instead of the default band width.
func isolationForestSensitivity() ParamSpec {
	lo, hi := bounds(0.51, 0.99)
	return ParamSpec{Default: 0.65, Min: lo, Max: hi,
		Description: "Isolation score (0.5 = ordinary, 1 = isolated at once) above which a point is anomalous; " +
			"larger = fewer anomalies."}
}

func isolationForestWarmup(p Params) int {
	return p.Int("lags") + min(p.Int("window"), p.Int("sampleSize"))
}

// forestRows are the timestamps all series share with non-NaN values: index[k·g + s] is the position of aligned
// row k in series s.
// forestRepeat is an aligned row at which every series only repeats its previous sample: its positions in each
// series and the aligned row it repeats.
type forestRepeat struct {
	positions []int
	row       int
}

type forestRows struct {
	repeats []forestRepeat
	count   int
	index   []int
}

func alignForestRows(series []Series) forestRows {
	g := len(series)
	first := series[0]
	sources := make([][]int32, g)
	for s := range series {
		sources[s] = repeatSources(series[s])
	}
	index := make([]int, len(first.T)*g)
	cursor := make([]int, g)
	var repeats []forestRepeat
	count := 0
	for i, t := range first.T {
		complete := !math.IsNaN(first.V[i])
		index[count*g] = i
		for s := 1; s < g; s++ {
			other := series[s]
			c := cursor[s]
			for c < len(other.T) && other.T[c] < t {
				c++
			}
			cursor[s] = c
			if c < len(other.T) && other.T[c] == t && !math.IsNaN(other.V[c]) {
				index[count*g+s] = c
			} else {
				complete = false
			}
		}
		if !complete {
			continue
		}
		repeated := count > 0
		for s := 0; s < g && repeated; s++ {
			repeated = sources[s] != nil && sources[s][index[count*g+s]] >= 0
		}
		if repeated {
			repeats = append(repeats, forestRepeat{positions: append([]int(nil), index[count*g:count*g+g]...), row: count - 1})
		} else {
			count++
		}
	}
	return forestRows{count: count, index: index, repeats: repeats}
}

// forestFeatures is the feature matrix, one row per aligned row from row `lags` on: per series the value, then its
// 1..lags changes.
func forestFeatures(series []Series, rows forestRows, lags int) []float64 {
	g := len(series)
	dims := g * (1 + lags)
	m := max(0, rows.count-lags)
	features := make([]float64, m*dims)
	for row := 0; row < m; row++ {
		k := row + lags
		for s := 0; s < g; s++ {
			v := series[s].V
			x := v[rows.index[k*g+s]]
			at := row*dims + s*(1+lags)
			features[at] = x
			for l := 1; l <= lags; l++ {
				features[at+l] = x - v[rows.index[(k-l)*g+s]]
			}
		}
	}
	return features
}

func detectIsolationForest(series []Series, p Params) ([]Result, error) {
	if len(series) == 0 {
		return nil, newError(TooFewSeries, "isolation_forest: needs at least 1 series, got none")
	}
	window, retrain, lags := p.Int("window"), p.Int("retrain"), p.Int("lags")
	threshold := p.Float("sensitivity")
	g := len(series)
	dims := g * (1 + lags)
	warm := min(window, p.Int("sampleSize"))

	rows := alignForestRows(series)
	features := forestFeatures(series, rows, lags)
	featureRows := len(features) / dims
	rowScore := make([]float64, rows.count)
	for k := range rowScore {
		rowScore[k] = nan
	}
	timeOf := func(m int) float64 { return float64(series[0].T[rows.index[(m+lags)*g]]) }
	var steps stepEstimate
	for k := 0; k < lags && k < rows.count; k++ {
		steps.add(series[0].T[rows.index[k*g]])
	}
	model := newIsolationForestModel(p.Int("trees"), warm, dims)
	rng := newMulberry32(int64(p.Int("seed")))
	built, newest := -1, 0.0 // the feature row the current forest was built at (−1: none usable), its newest row's time
	for m := range featureRows {
		t := timeOf(m)
		span := float64(window) * steps.add(series[0].T[rows.index[(m+lags)*g]])
		// The training rows: the last `window` feature rows before m that lie within window·step of time.
		first := max(0, m-window)
		for first < m && timeOf(first) < t-span {
			first++
		}
		if built >= 0 && newest < t-span {
			built = -1 // a gap: the forest describes a past that is no longer recent
		}
		if built < 0 || m-built >= retrain {
			if m-first >= warm {
				model.build(features, first, m-first, rng)
				built, newest = m, timeOf(m-1)
			} else {
				built = -1
			}
		}
		if built >= 0 {
			s := model.anomalyMeasure(features, m*dims)
			rowScore[m+lags] = math.Max(0, (s-0.5)/(threshold-0.5))
		}
	}

	out := make([]Result, g)
	for s, one := range series {
		r := emptyResult(len(one.V), lags+warm)
		for k := 0; k < rows.count; k++ {
			r.Score[rows.index[k*g+s]] = rowScore[k]
		}
		r = flagAnomalies(one.V, r, p)
		for _, rep := range rows.repeats {
			from := rows.index[rep.row*g+s]
			r.Score[rep.positions[s]], r.Anomaly[rep.positions[s]] = r.Score[from], r.Anomaly[from]
		}
		out[s] = r
	}
	return out, nil
}
