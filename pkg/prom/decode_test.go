package prom

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDecodeMatrix(t *testing.T) {
	body := `{"status":"success","data":{"resultType":"matrix","result":[
		{"metric":{"__name__":"up","job":"a"},"values":[[1700000000,"1"],[1700000060.5,"NaN"],[1700000120,"+Inf"]]},
		{"metric":{},"values":[]}]}}`
	series, err := decodeMatrix([]byte(body), "http://x")
	if err != nil {
		t.Fatal(err)
	}
	if len(series) != 2 || series[0].Labels["job"] != "a" || len(series[1].T) != 0 {
		t.Fatalf("got %+v", series)
	}
	s := series[0]
	if s.T[0] != 1700000000000 || s.T[1] != 1700000060500 || s.V[0] != 1 || !math.IsNaN(s.V[1]) || !math.IsInf(s.V[2], 1) {
		t.Errorf("samples: %v %v", s.T, s.V)
	}
}

func TestDecodeRejectsWhatIsNotPrometheus(t *testing.T) {
	for body, want := range map[string]string{
		"<html></html>": "not JSON",
		`{"status":"success","data":{"resultType":"vector","result":[]}}`:                                 `result type "vector"`,
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}`: `"x" is not a number`,
		`{"status":"error","error":"bad"}`:                                                                "Prometheus rejected the query: bad",
	} {
		_, err := decodeMatrix([]byte(body), "http://x")
		var pe *Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want a typed error saying %q, got %v", body, want, err)
		}
	}
}
