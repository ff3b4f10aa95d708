package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/zscore.ts and the doc_example vector case.
func ExampleZScore() {
	in := detectors.Series{T: []int64{0, 1, 2, 3, 4}, V: []float64{1, 2, 3, 2, 10}}
	out, err := detectors.Run("zscore", []detectors.Series{in}, detectors.RawParams{"window": 3, "sensitivity": 2})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [NaN NaN NaN 2.0000 2.3333]
	// upper:    [NaN NaN NaN 4.0000 3.4880]
	// score:    [NaN NaN NaN 0.0000 6.6395]
	// anomaly:  [false false false false true]
}
