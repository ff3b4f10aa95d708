package detectors_test

import (
	"fmt"
	"math"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// docExampleSeries is the input of the doc_example vector cases of ensemble and auto: a ±0.5 zig-zag around 10
// with a +8 spike at index 150 and a lasting +5 shift from index 180, one point a minute.
func docExampleSeries() detectors.Series {
	s := detectors.Series{T: make([]int64, 200), V: make([]float64, 200)}
	for i := range s.T {
		s.T[i] = int64(i) * 60000
		s.V[i] = 10 - 0.5
		if i%2 == 1 {
			s.V[i] = 10 + 0.5
		}
		if i == 150 {
			s.V[i] += 8
		}
		if i >= 180 {
			s.V[i] += 5
		}
	}
	return s
}

func flagged(r detectors.Result) []int {
	var out []int
	for i, a := range r.Anomaly {
		if a {
			out = append(out, i)
		}
	}
	return out
}

// The same numbers as the @example of src/detectors/ensemble.ts and the doc_example vector case: the spike is
// flagged alone, the shift from its onset on for as long as it lasts (within adaptAfter, 2 hours), as one event.
func ExampleEnsemble() {
	s := docExampleSeries()
	out, err := detectors.Run("ensemble", []detectors.Series{s}, detectors.RawParams{"window": 60, "minHistory": 20})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("warmup %d; flagged %v\n", r.Warmup, flagged(r))
	fmt.Printf("at 150: expected %.4f, upper %.4f, score %.4f\n", r.Expected[150], r.Upper[150], r.Score[150])
	fmt.Printf("at 190: expected %.4f, upper %.4f, score %.4f\n", r.Expected[190], r.Upper[190], r.Score[190])
	fmt.Println("events:", len(detectors.GroupEvents(s, r, nil)))
	// Output:
	// warmup 80; flagged [150 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194 195 196 197 198 199]
	// at 150: expected 10.0127, upper 11.7576, score 4.2911
	// at 190: expected 10.0297, upper 11.8549, score 2.4493
	// events: 2
}

// The same numbers as the @example of src/detectors/auto.ts.
func ExampleAutoParams() {
	s := docExampleSeries()
	s.T, s.V = s.T[:80], s.V[:80]
	p, err := detectors.ResolveParams("auto", nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", detectors.AutoParams(s, p))
	// Output:
	// {Window:720 QuickSteps:60 Period:0 TrainingPoints:2880 Step:60000}
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
