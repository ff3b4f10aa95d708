package detectors_test

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// The same numbers as the @example of src/detectors/seasonal.ts and the doc_example vector case: 4 phases of
// 60 s in a 240 s season, two seasons of history, spread pooled over ±1 phase.
func ExampleSeasonal() {
	in := detectors.Series{
		T: []int64{0, 60000, 120000, 180000, 240000, 300000, 360000, 420000, 480000, 540000, 600000, 660000},
		V: []float64{10, 20, 30, 20, 12, 23, 28, 19, 11, 21, 29, 40},
	}
	params := detectors.RawParams{"period": 240, "seasons": 2, "neighbours": 1, "sensitivity": 3}
	out, err := detectors.Run("seasonal", []detectors.Series{in}, params)
	if err != nil {
		panic(err)
	}
	r := out[0]
	fmt.Printf("expected: %.4f\n", r.Expected[8:])
	fmt.Printf("lower:    %.4f\n", r.Lower[8:])
	fmt.Printf("upper:    %.4f\n", r.Upper[8:])
	fmt.Printf("score:    %.4f\n", r.Score[8:])
	fmt.Println("anomaly: ", r.Anomaly[8:])
	fmt.Println("warmup:  ", r.Warmup)
	// Output:
	// expected: [11.0000 21.5000 29.0000 19.5000]
	// lower:    [2.1044 8.1566 20.1044 15.0522]
	// upper:    [19.8956 34.8434 37.8956 23.9478]
	// score:    [0.0000 0.0375 0.0000 4.6090]
	// anomaly:  [false false false true]
	// warmup:   8
}
