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

// DetectSeason finds the dominant season of a series by autocorrelation, in time; ok is false when there is
// none. Twin of detectSeason in src/detectors/season.ts, where the method is written out: S = the median gap
// between valid points, the valid points detrended over their timestamps and averaged into time buckets of
// B = k·S (k = ceil((span/S + 1)/1024); an empty bucket counts 0), the autocorrelation's highest local maximum
// after its first dip below 0 and at least SeasonMinStrength; period L·B ms (L·k points), snapped to an hour, a
// day or a week within 5%. A TooFewPoints error below 16 valid points.
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
	ts := make([]int64, 0, n)
	xs := make([]float64, 0, n)
	for i, x := range v {
		if !math.IsNaN(x) {
			ts = append(ts, t[i])
			xs = append(xs, x)
		}
	}
	detrend(ts, xs)
	step := MedianStep(ts)
	span := float64(ts[n-1] - ts[0])
	k := math.Ceil((span/step + 1) / seasonMaxBuckets)
	bucket := k * step
	lag, r, ok := dominantLag(bucketMeans(ts, xs, bucket))
	if !ok {
		return Season{}, false, nil
	}
	periodMs := float64(lag) * bucket
	for _, c := range calendarMs {
		if math.Abs(periodMs-c) <= 0.05*c {
			periodMs = c
		}
	}
	return Season{PeriodPoints: lag * int(k), PeriodMs: periodMs, Strength: r}, true, nil
}

// detrend removes the least-squares line through (time, value), in place (xs is our own copy).
func detrend(ts []int64, xs []float64) {
	n := float64(len(xs))
	meanT, meanX := 0.0, 0.0
	for i, x := range xs {
		meanT += float64(ts[i])
		meanX += x
	}
	meanT /= n
	meanX /= n
	sxy, sxx := 0.0, 0.0
	for i, x := range xs {
		d := float64(ts[i]) - meanT
		sxy += d * (x - meanX)
		sxx += d * d
	}
	slope := sxy / sxx
	for i := range xs {
		xs[i] = xs[i] - meanX - slope*(float64(ts[i])-meanT)
	}
}

// bucketMeans are the means of the values in time buckets of `bucket` ms from the first timestamp (0 when empty).
func bucketMeans(ts []int64, xs []float64, bucket float64) []float64 {
	m := int(math.Floor(float64(ts[len(ts)-1]-ts[0])/bucket)) + 1
	sum := make([]float64, m)
	count := make([]float64, m)
	for i, x := range xs {
		b := int(math.Floor(float64(ts[i]-ts[0]) / bucket))
		sum[b] += x
		count[b]++
	}
	for b := range sum {
		if count[b] > 0 {
			sum[b] /= count[b]
		}
	}
	return sum
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
