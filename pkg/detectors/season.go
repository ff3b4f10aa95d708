package detectors

import "math"

// Season is a detected season: its length in points of the input's step and in milliseconds, and the
// autocorrelation at that lag, in (0, 1].
type Season struct {
	PeriodPoints int     `json:"periodPoints"`
	PeriodMs     float64 `json:"periodMs"`
	Strength     float64 `json:"strength"`
}

const (
	// SeasonMinPoints: fewer valid points cannot show two cycles of any useful season.
	SeasonMinPoints = 16
	// SeasonMinStrength: an autocorrelation peak below this is noise, not a season.
	SeasonMinStrength = 0.3
	// seasonMaxBuckets: longer series are averaged into this many buckets first, keeping the search O(n).
	seasonMaxBuckets = 1024
)

// calendarMs are the periods a detected period snaps to when within 5%: an hour, a day, a week.
var calendarMs = []float64{3600_000, 86_400_000, 604_800_000}

// DetectSeason finds the dominant season of a series by autocorrelation; ok is false when there is none.
//
// The valid points are detrended (least-squares line removed) and averaged into at most 1024 buckets; the
// autocorrelation r(L) = Σ(y_t − ȳ)(y_{t+L} − ȳ) / Σ(y_t − ȳ)² is computed for L = 2..N/2 (at least two cycles
// seen), and the season is the highest local maximum of r that comes after r first drops below 0 and reaches
// SeasonMinStrength. The period is returned in points and in ms (points × median step), snapped to an hour, a
// day or a week when within 5% of one. Cost O(n + 1024²/2). A TooFewPoints error below 16 valid points.
// Twin of detectSeason in src/detectors/season.ts.
func DetectSeason(t []int64, v []float64) (Season, bool, error) {
	n := 0
	for _, x := range v {
		if !math.IsNaN(x) {
			n++
		}
	}
	if n < SeasonMinPoints {
		return Season{}, false, newError(TooFewPoints,
			"season detection needs at least %d valid points, got %d; widen the time range", SeasonMinPoints, n)
	}
	xs := make([]float64, 0, n)
	for _, x := range v {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	detrend(xs)
	bucket := (n + seasonMaxBuckets - 1) / seasonMaxBuckets
	lag, r, ok := dominantLag(bucketMeans(xs, bucket))
	if !ok {
		return Season{}, false, nil
	}
	periodPoints := lag * bucket
	periodMs := float64(periodPoints) * MedianStep(t)
	for _, c := range calendarMs {
		if math.Abs(periodMs-c) <= 0.05*c {
			periodMs = c
		}
	}
	return Season{PeriodPoints: periodPoints, PeriodMs: periodMs, Strength: r}, true, nil
}

// detrend removes the least-squares line through (index, value), in place (xs is our own copy).
func detrend(xs []float64) {
	n := len(xs)
	meanI := float64(n-1) / 2
	meanX := 0.0
	for _, x := range xs {
		meanX += x
	}
	meanX /= float64(n)
	sxy, sxx := 0.0, 0.0
	for i, x := range xs {
		d := float64(i) - meanI
		sxy += d * (x - meanX)
		sxx += d * d
	}
	slope := sxy / sxx
	for i := range xs {
		xs[i] = xs[i] - meanX - slope*(float64(i)-meanI)
	}
}

func bucketMeans(xs []float64, bucket int) []float64 {
	m := len(xs) / bucket
	y := make([]float64, m)
	for b := 0; b < m; b++ {
		s := 0.0
		for j := 0; j < bucket; j++ {
			s += xs[b*bucket+j]
		}
		y[b] = s / float64(bucket)
	}
	return y
}

func dominantLag(y []float64) (int, float64, bool) {
	n := len(y)
	mean := 0.0
	for _, x := range y {
		mean += x
	}
	mean /= float64(n)
	denom := 0.0
	for _, x := range y {
		denom += (x - mean) * (x - mean)
	}
	if !(denom > 0) {
		return 0, 0, false // constant after detrending: no season
	}
	maxLag := n / 2
	r := make([]float64, maxLag+2)
	for lag := 1; lag <= min(maxLag+1, n-1); lag++ {
		s := 0.0
		for i := 0; i+lag < n; i++ {
			s += (y[i] - mean) * (y[i+lag] - mean)
		}
		r[lag] = s / denom
	}
	bestLag, bestR := 0, 0.0
	dipped := false
	for lag := 2; lag <= maxLag; lag++ {
		dipped = dipped || r[lag] < 0
		peak := r[lag] >= r[lag-1] && r[lag] >= r[lag+1]
		if dipped && peak && r[lag] >= SeasonMinStrength && (bestLag == 0 || r[lag] > bestR) {
			bestLag, bestR = lag, r[lag]
		}
	}
	return bestLag, bestR, bestLag > 0
}
