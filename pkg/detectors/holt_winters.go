package detectors

import "math"

// hwMeanAbsToStd is sqrt(π/2): the mean absolute value of a normal variable times this is its standard deviation.
var hwMeanAbsToStd = math.Sqrt(math.Pi / 2)

// hwSpreadClip: residuals enter the spread clipped to this many spreads once the band exists, so a point outside
// the default band (sensitivity 3) widens the band only as much as a point on its edge would.
const hwSpreadClip = 3.0

// HoltWinters is the additive Holt-Winters (triple exponential smoothing) forecast ± k·(spread of its
// residuals) detector.
//
// State: level l, trend b and one seasonal term s per position in the season (m = seasonLength points). The
// expected value of point i is the one-step-ahead forecast from the points before it,
//
//	ŷ_i = l + b + s[i mod m],   residual e_i = x_i − ŷ_i,
//
// and then x_i updates the state (statsmodels' ExponentialSmoothing(trend='add', seasonal='add') recursion,
// written in error-correction form; algebraically identical):
//
//	l ← l + b + alpha·e                      (= alpha·(x − s) + (1 − alpha)·(l + b))
//	b ← b + alpha·beta·e                     (= beta·(l_new − l_old) + (1 − beta)·b)
//	s[i mod m] ← s[i mod m] + gamma·e        (= gamma·(x − l_old − b_old) + (1 − gamma)·s)
//
// The error-correction form keeps a constant series exactly constant (e = 0 leaves every state unchanged).
//
// Initialisation from the first two seasons of points, starting at the first valid point f (positions
// f..f+m−1 and f+m..f+2m−1; the season position is counted in points from f):
//
//	mean1, mean2 = means of the valid values of season 1 and season 2 (mean2 = mean1 if season 2 is all missing)
//	l = mean1,  b = (mean2 − mean1)/m,  s[q] = x[f+q] − mean1  (x[f+m+q] − mean2 if x[f+q] is missing)
//
// These are the initial states before point f; the recursion then runs from f over every point. The first two
// seasons are used twice (to initialise and to filter) so their residuals are not trusted: the spread starts
// collecting at f + 2m. A position missing in both seasons (periodic gaps) has no seasonal term yet: its first
// valid point sets it, s[q] = x − (l + b), moves the level on by the trend only and gets no output (NaN) — a
// guessed term of 0 would flag that position season after season while gamma slowly corrected it.
//
// Band: expected ∓ sensitivity·spread, spread = sqrt(π/2)·(exponentially weighted mean of |e|) with half-life
// spreadHalfLife points (recursive, started at the first |e|), an estimate of the residual standard deviation for
// normal residuals. The spread at i uses residuals before i. Once the band exists, |e| enters the spread clipped
// to 3 spreads (when the spread is > 0), so an anomaly inflates the band about as little as a point on the
// default band's edge. The state itself is not robustified: a spike of size S moves the level by alpha·S, which
// is why alpha defaults to a small 0.1 (the echo of a spike stays inside a 3-σ band unless S > 30σ).
//
// Warm-up: 2·seasonLength points to initialise + max(2, ceil(spreadHalfLife)) residuals. Missing points: no
// output and no update, but the season position still advances (the season is in points) and the level moves
// on by the trend (l ← l + b), so the forecast of the next point is two steps ahead. Constant series: level =
// the constant, trend and seasonal terms 0, residuals exactly 0: zero-width band.
//
// Cost: O(n + m) time, O(m) memory (the seasonal terms, allocated once), no allocation in the loop.
var HoltWinters = &Detector{
	ID:          "holt_winters",
	Name:        "Holt-Winters",
	Description: "Seasonal forecast (level + trend + season) ± k residual deviations; for daily or weekly cycles.",
	Params: append([]ParamSpec{
		intParam("seasonLength", 24, 2, 100000,
			"Points in one season (e.g. 24 for a daily cycle at 1-hour steps); warm-up is two seasons."),
		floatParam("alpha", 0.1, 0, 1,
			"Level smoothing: how fast the level follows new points (larger = faster, spikes move it more)."),
		floatParam("beta", 0.01, 0, 1,
			"Trend smoothing: how fast the slope follows changes in the level (0 keeps the initial slope)."),
		floatParam("gamma", 0.1, 0, 1,
			"Seasonal smoothing: how fast each position of the season follows new points."),
		floatParam("spreadHalfLife", 30, 1, 100000,
			"Half-life, in points, of the running mean absolute forecast error that sets the band width."),
	}, commonParams(ParamSpec{Description: "Band half-width in standard deviations of the one-step forecast error."})...),
	Warmup: holtWintersWarmup,
	Detect: detectHoltWinters,
}

func hwResidualWarmup(spreadHalfLife float64) int {
	return max(2, int(math.Ceil(spreadHalfLife)))
}

func holtWintersWarmup(p Params) int {
	return 2*p.Int("seasonLength") + hwResidualWarmup(p.Float("spreadHalfLife"))
}

// hwMeanOfValid is the mean of the non-missing values of v[from:to], NaN when all are missing.
func hwMeanOfValid(v []float64, from, to int) float64 {
	sum, count := 0.0, 0
	for _, x := range v[from:to] {
		if !math.IsNaN(x) {
			sum += x
			count++
		}
	}
	if count == 0 {
		return nan
	}
	return sum / float64(count)
}

func detectHoltWinters(s Series, p Params) Result {
	m := p.Int("seasonLength")
	alpha, beta, gamma := p.Float("alpha"), p.Float("beta"), p.Float("gamma")
	k := p.Float("sensitivity")
	minResiduals := hwResidualWarmup(p.Float("spreadHalfLife"))
	spreadAlpha := -math.Expm1(-math.Ln2 / p.Float("spreadHalfLife"))
	v := s.V
	n := len(v)
	r := emptyResult(n, holtWintersWarmup(p))
	first := 0
	for first < n && math.IsNaN(v[first]) {
		first++
	}
	if first+2*m > n {
		return scoreAgainstBand(v, r, p) // too short to initialise: all warm-up
	}

	mean1 := hwMeanOfValid(v, first, first+m)
	mean2 := hwMeanOfValid(v, first+m, first+2*m)
	if math.IsNaN(mean2) {
		mean2 = mean1
	}
	season := make([]float64, m)
	for q := range season {
		x1, x2 := v[first+q], v[first+m+q]
		switch {
		case !math.IsNaN(x1):
			season[q] = x1 - mean1
		case !math.IsNaN(x2):
			season[q] = x2 - mean2
		default:
			season[q] = nan // not seen yet
		}
	}
	level := mean1
	trend := (mean2 - mean1) / float64(m)

	scoreFrom := first + 2*m
	meanAbsResidual := 0.0
	residuals := 0
	slot := 0
	for i := first; i < n; i++ {
		base := level + trend
		x := v[i]
		if math.IsNaN(x) {
			level = base
		} else if math.IsNaN(season[slot]) {
			season[slot] = x - base
			level = base
		} else {
			forecast := base + season[slot]
			residual := x - forecast
			if i >= scoreFrom {
				size := math.Abs(residual)
				if residuals >= minResiduals {
					spread := hwMeanAbsToStd * meanAbsResidual
					r.Expected[i], r.Lower[i], r.Upper[i] = forecast, forecast-k*spread, forecast+k*spread
					if spread > 0 {
						size = math.Min(size, hwSpreadClip*spread)
					}
				}
				if residuals == 0 {
					meanAbsResidual = size
				} else {
					meanAbsResidual = meanAbsResidual + spreadAlpha*(size-meanAbsResidual)
				}
				residuals++
			}
			level = base + alpha*residual
			trend = trend + alpha*beta*residual
			season[slot] = season[slot] + gamma*residual
		}
		slot++
		if slot == m {
			slot = 0
		}
	}
	return scoreAgainstBand(v, r, p)
}
