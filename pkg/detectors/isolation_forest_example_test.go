package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/isolation_forest.ts and the doc_example vector case: two
// series (say CPU and latency) that jump together at index 10.
func ExampleIsolationForest() {
	t := []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	cpu := detectors.Series{T: t, V: []float64{10, 12.5, 11, 13, 9.5, 14, 11.5, 12, 10.5, 13.5, 30, 12}}
	latency := detectors.Series{T: t, V: []float64{5, 4.5, 6, 5.5, 4, 6.5, 5, 4.5, 6, 5.5, 15, 4.5}}
	out, err := detectors.Run("isolation_forest", []detectors.Series{cpu, latency}, detectors.RawParams{
		"window": 8, "retrain": 4, "trees": 20, "sampleSize": 8, "sensitivity": 0.6,
	})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	fmt.Printf("expected: %.4f\n", r.Expected[10])
	// Output:
	// score:    [NaN NaN NaN NaN NaN NaN NaN NaN 0.0000 0.1433 1.1008 0.0000]
	// anomaly:  [false false false false false false false false false false true false]
	// expected: NaN
}
