package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/holt_winters.ts and the doc_example vector case.
func ExampleHoltWinters() {
	v := []float64{10, 20, 12, 22, 13, 25, 15, 26, 16, 38}
	t := make([]int64, len(v))
	for i := range t {
		t[i] = int64(i)
	}
	in := detectors.Series{T: t, V: v}
	out, err := detectors.Run("holt_winters", []detectors.Series{in},
		detectors.RawParams{"seasonLength": 2, "spreadHalfLife": 2})
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected)
	fmt.Printf("upper:    %.4f\n", r.Upper)
	fmt.Printf("score:    %.4f\n", r.Score)
	fmt.Println("anomaly: ", r.Anomaly)
	// Output:
	// expected: [NaN NaN NaN NaN NaN NaN 16.0507 26.8952 17.7354 28.5243]
	// upper:    [NaN NaN NaN NaN NaN NaN 19.6093 30.5685 21.3187 32.9693]
	// score:    [NaN NaN NaN NaN NaN NaN 0.2953 0.2437 0.4843 2.1318]
	// anomaly:  [false false false false false false false false false true]
}
