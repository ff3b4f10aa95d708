package frames

import (
	"testing"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Grafana numbers a panel's series in frame and field order for the classic palette (every non-time field counts)
// and draws them in that order. The band output puts every series' value before every added field, so series k
// keeps palette position k — the colour a plain Prometheus query gives it — and its added fields take that colour;
// the markers come after every band, so no band is drawn over them.
func TestBandKeepsSeriesColours(t *testing.T) {
	var series []Series
	for k, pod := range []string{"a", "b", "c"} {
		v := []float64{1, 2, 3}
		series = append(series, Series{Labels: map[string]string{"pod": pod}, Legend: pod, T: []int64{0, 1, 2}, V: v,
			R: detectors.Result{Expected: v, Lower: v, Upper: v, Score: v, Anomaly: make([]bool, 3), Warmup: k}})
	}
	frames := Band(series)
	if len(frames) != 9 {
		t.Fatalf("%d frames, want 3 value frames, 3 band frames and 3 marker frames", len(frames))
	}
	position := 0
	for i, f := range frames {
		if i >= 6 && (len(f.Fields) != 2 || f.Fields[1].Name != "anomaly") {
			t.Errorf("frame %d: the markers come last, over every band; got %d fields", i, len(f.Fields))
		}
		for _, fl := range f.Fields {
			if fl.Type().Time() {
				continue
			}
			if i < 3 {
				if fl.Name != "value" || position != i {
					t.Errorf("frame %d: field %s at palette position %d, want series %d's value there", i, fl.Name, position, i)
				}
			} else if fl.Name != "score" {
				k := i % 3
				if got := fl.Config.Color["fixedColor"]; got != outputs.SeriesColor(k) {
					t.Errorf("series %d's %s is %v, want its series colour %s", k, fl.Name, got, outputs.SeriesColor(k))
				}
				if fl.Labels["pod"] != series[k].Labels["pod"] {
					t.Errorf("frame %d holds %v's fields, want series %d's", i, fl.Labels, k)
				}
			}
			position++
		}
	}
}
