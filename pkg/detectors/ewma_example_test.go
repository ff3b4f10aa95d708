package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/ewma.ts and the doc_example vector case.
func ExampleEWMA() {
	in := detectors.Series{T: []int64{0, 1, 2, 3, 4, 5}, V: []float64{2, 1, 2, 1, 2, 10}}
	out, err := detectors.Run("ewma", []detectors.Series{in}, detectors.RawParams{"halfLife": 2, "sensitivity": 2})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [NaN NaN 1.7071 1.7929 1.5607 1.6893]
	// upper:    [NaN NaN 3.1213 2.8211 2.7265 2.7396]
	// score:    [NaN NaN 0.2071 0.7711 0.3768 7.9133]
	// anomaly:  [false false false false false true]
}
