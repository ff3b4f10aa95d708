package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/mad.ts and the doc_example vector case.
func ExampleMAD() {
	in := detectors.Series{T: []int64{0, 1, 2, 3, 4, 5}, V: []float64{1, 2, 4, 3, 10, 3}}
	out, err := detectors.Run("mad", []detectors.Series{in}, detectors.RawParams{"window": 4, "sensitivity": 2})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [NaN NaN NaN NaN 2.5000 3.5000]
	// upper:    [NaN NaN NaN NaN 5.4652 6.4652]
	// score:    [NaN NaN NaN NaN 2.5293 0.1686]
	// anomaly:  [false false false false true false]
}
