package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/peer_outlier.ts and the doc_example vector case: four pods,
// the last one is off its peers at t = 1.
func ExamplePeerOutlier() {
	t := []int64{0, 1, 2}
	pods := []detectors.Series{
		{T: t, V: []float64{10, 11, 10.5}},
		{T: t, V: []float64{10.5, 12, 11}},
		{T: t, V: []float64{11, 11, 9.5}},
		{T: t, V: []float64{9.5, 30, 10}},
	}
	out, err := detectors.Run("peer_outlier", pods, nil)
	if err != nil {
		panic(err)
	}
	r := out[3]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [10.2500 11.5000 10.2500]
	// upper:    [13.9565 15.2065 13.9565]
	// score:    [0.2023 4.9912 0.0674]
	// anomaly:  [false true false]
}
