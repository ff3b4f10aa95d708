package detectors

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestPrepareChecksOnceAndRunsLikeRun(t *testing.T) {
	p, err := Prepare("zscore", RawParams{"window": 5.0})
	if err != nil {
		t.Fatal(err)
	}
	if p.Detector != ZScore || p.Params.Int("window") != 5 || p.Params.Float("sensitivity") != 3 {
		t.Fatalf("prepared %s with %v", p.Detector.ID, p.Params)
	}
	if p.Warmup != 5 {
		t.Errorf("warm-up %d, want the window (5)", p.Warmup)
	}
	s := Series{T: []int64{0, 1, 2, 3, 4, 5, 6, 7}, V: []float64{1, 2, 1, 2, 1, 2, 9, 1}}
	got, err := p.RunOne(s)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Run("zscore", []Series{s}, RawParams{"window": 5.0})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(nanToZero(got), nanToZero(want[0])) {
		t.Errorf("RunOne differs from Run")
	}
	if !got.Anomaly[6] {
		t.Errorf("the spike at index 6 is not flagged: %v", got.Score)
	}
}

func TestPrepareErrors(t *testing.T) {
	for _, c := range []struct {
		id   string
		raw  RawParams
		code ErrorCode
	}{
		{"prophet", nil, UnknownDetector},
		{"zscore", RawParams{"window": 1.0}, InvalidParam},
		{"zscore", RawParams{"halfLife": 3.0}, InvalidParam},
		{"ensemble", RawParams{"period": 30.0}, InvalidParam}, // a rule between parameters (Validate)
	} {
		_, err := Prepare(c.id, c.raw)
		var de *Error
		if !errors.As(err, &de) || de.Code != c.code {
			t.Errorf("Prepare(%s, %v): %v, want %s", c.id, c.raw, err, c.code)
		}
	}
	p, err := Prepare("peer_outlier", nil)
	if err != nil {
		t.Fatal(err)
	}
	var de *Error
	if _, err := p.RunOne(Series{T: []int64{0}, V: []float64{1}}); !errors.As(err, &de) || de.Code != TooFewSeries {
		t.Errorf("a multivariate detector on one series: %v, want too_few_series", err)
	}
	if _, err := p.Run([]Series{{T: []int64{1, 0}, V: []float64{1, 2}}}); !errors.As(err, &de) || de.Code != InvalidInput {
		t.Errorf("descending timestamps: %v, want invalid_input", err)
	}
}

func TestCommonOptionsOver(t *testing.T) {
	raw := RawParams{"window": 30.0, "sensitivity": 2.0, "direction": "down"}
	four, three := 4.0, 3.0
	got := CommonOptions{Sensitivity: &four, MinConsecutive: &three}.Over(raw)
	want := RawParams{"window": 30.0, "sensitivity": 4.0, "direction": "down", "minConsecutive": 3.0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("set options replace, unset ones keep: got %v, want %v", got, want)
	}
	if raw["sensitivity"] != 2.0 || len(raw) != 3 {
		t.Errorf("the input was changed: %v", raw)
	}
	if got := (CommonOptions{}).Over(nil); len(got) != 0 {
		t.Errorf("nothing set over nothing: %v", got)
	}
}

func nanToZero(r Result) Result {
	fix := func(xs []float64) []float64 {
		out := make([]float64, len(xs))
		for i, x := range xs {
			if !math.IsNaN(x) {
				out[i] = x
			}
		}
		return out
	}
	return Result{Expected: fix(r.Expected), Lower: fix(r.Lower), Upper: fix(r.Upper), Score: fix(r.Score),
		Anomaly: r.Anomaly, Warmup: r.Warmup}
}
