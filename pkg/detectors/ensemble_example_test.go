package detectors_test

import (
	"fmt"
	"math"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// docExampleSeries is the input of the doc_example vector cases of ensemble and auto: a ±0.5 zig-zag around 10
// with a +8 spike at index 70, one point a minute.
func docExampleSeries() detectors.Series {
	s := detectors.Series{T: make([]int64, 80), V: make([]float64, 80)}
	for i := range s.T {
		s.T[i] = int64(i) * 60000
		s.V[i] = 10 - 0.5
		if i%2 == 1 {
			s.V[i] = 10 + 0.5
		}
		if i == 70 {
			s.V[i] += 8
		}
	}
	return s
}

// The same numbers as the @example of src/detectors/ensemble.ts and the doc_example vector case.
func ExampleEnsemble() {
	out, err := detectors.Run("ensemble", []detectors.Series{docExampleSeries()},
		detectors.RawParams{"window": 20, "shortWindow": 1, "longWindow": 40})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("warmup %d; at 70: expected %.4f, upper %.4f, score %.4f, anomaly %v\n",
		r.Warmup, r.Expected[70], r.Upper[70], r.Score[70], r.Anomaly[70])
	fmt.Printf("at 69: score %.4f, anomaly %v\n", r.Score[69], r.Anomaly[69])
	// Output:
	// warmup 50; at 70: expected 10.0000, upper 11.8454, score 4.0641, anomaly true
	// at 69: score 0.2761, anomaly false
}

// The same numbers as the @example of src/detectors/auto.ts and the doc_example vector case of auto.
func ExampleAutoParams() {
	s := docExampleSeries()
	p, err := detectors.ResolveParams("auto", nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", detectors.AutoParams(s, p))
	// Output:
	// {Window:720 QuickWindow:60 Period:0 TrainingPoints:2880}
}

// The same numbers as the @example of detectSeason in src/detectors/season.ts and testdata/season.json.
func ExampleDetectSeason() {
	t := make([]int64, 96)
	v := make([]float64, 96)
	for i := range t {
		t[i] = int64(i) * 60000
		v[i] = math.Sin(2 * math.Pi * float64(i) / 12)
	}
	season, ok, err := detectors.DetectSeason(t, v)
	fmt.Printf("found %v: %d points, %.0f ms, strength %.4f, err %v\n",
		ok, season.PeriodPoints, season.PeriodMs, season.Strength, err)
	// Output:
	// found true: 12 points, 720000 ms, strength 0.8727, err <nil>
}
