package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/level_shift.ts and the doc_example vector case.
func ExampleLevelShift() {
	in := detectors.Series{
		T: []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		V: []float64{10, 12, 11, 10, 12, 11, 10, 18, 19, 18},
	}
	params := detectors.RawParams{"window": 5, "recent": 2, "sensitivity": 3}
	out, err := detectors.Run("level_shift", []detectors.Series{in}, params)
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected[6:])
	fmt.Printf("lower:    %.4f\n", r.Lower[6:])
	fmt.Printf("upper:    %.4f\n", r.Upper[6:])
	fmt.Printf("score:    %.4f\n", r.Score[6:])
	fmt.Println("anomaly: ", r.Anomaly[6:])
	fmt.Println("warmup:  ", r.Warmup)
	// Output:
	// expected: [11.8000 10.8000 10.4000 13.4460]
	// lower:    [8.5137 7.9540 7.5540 8.9765]
	// upper:    [15.0863 13.6460 13.2460 17.9156]
	// score:    [0.3651 1.1068 2.8285 1.1899]
	// anomaly:  [false true true true]
	// warmup:   6
}
