package prom

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"
)

// FuzzDecodeMatrix feeds any body to the query_range decoder, which reads samples by hand for speed. It must
// return either series or a typed *Error with a message, never both and never neither (a partial result with a
// nil error would draw a half-empty panel without a word). What it accepts must be what encoding/json reads from
// the same body: the same series, labels and samples, every sample a [time, "value"] pair whose time is a finite
// number of seconds that fits Unix milliseconds. Run longer with
// `go test ./pkg/prom -run '^$' -fuzz '^FuzzDecodeMatrix$' -fuzztime 60s`, or every target with `npm run fuzz`.
func FuzzDecodeMatrix(f *testing.F) {
	for _, seed := range []string{
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"a"},` +
			`"values":[[1700000000,"1"],[1700000060.5,"NaN"],[1700000120,"+Inf"],[1700000180,"-Inf"]]},` +
			`{"metric":{},"values":[]}]}}`,
		`{"status":"success","data":{"resultType":"matrix","result":[]}}`,
		`{"status":"error","errorType":"bad_data","error":"parse error"}`,
		`{"status":"success","data":{"resultType":"vector","result":[]}}`,
		`<html><body>Grafana</body></html>`,
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}`,
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1e300,"1"]]}]}}`,
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1 , " 2 "]]}]}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		series, err := decodeMatrix(body, "http://prometheus.test")
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Message == "" || pe.Kind == "" {
				t.Fatalf("error is not a typed *Error with a kind and a message: %T %v", err, err)
			}
			if series != nil {
				t.Fatalf("error %v came with %d series", err, len(series))
			}
			return
		}
		if series == nil {
			t.Fatalf("no series and no error")
		}
		want, why := referenceMatrix(body)
		if why != "" {
			t.Fatalf("accepted a body the reference decoder rejects (%s)", why)
		}
		if len(series) != len(want) {
			t.Fatalf("%d series, the reference reads %d", len(series), len(want))
		}
		for i, s := range series {
			w := want[i]
			if len(s.T) != len(s.V) || len(s.T) != len(w.T) {
				t.Fatalf("series %d: %d times and %d values, the reference reads %d samples", i, len(s.T), len(s.V), len(w.T))
			}
			if len(s.Labels) != len(w.Labels) {
				t.Fatalf("series %d: labels %v, the reference reads %v", i, s.Labels, w.Labels)
			}
			for k, v := range w.Labels {
				if s.Labels[k] != v {
					t.Fatalf("series %d: labels %v, the reference reads %v", i, s.Labels, w.Labels)
				}
			}
			for j := range s.T {
				if s.T[j] != w.T[j] || math.Float64bits(s.V[j]) != math.Float64bits(w.V[j]) &&
					!(math.IsNaN(s.V[j]) && math.IsNaN(w.V[j])) {
					t.Fatalf("series %d sample %d: (%d, %v), the reference reads (%d, %v)", i, j, s.T[j], s.V[j], w.T[j], w.V[j])
				}
			}
		}
	})
}

// referenceMatrix decodes a success body with encoding/json and the API's documented sample form: a pair of a
// number (seconds) and a string holding a float. It returns why the body is not such a matrix, or "".
func referenceMatrix(body []byte) ([]Series, string) {
	var resp struct {
		Status string `json:"status"`
		Data   struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Metric map[string]string `json:"metric"`
				Values []json.RawMessage `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, err.Error()
	}
	if resp.Status != "success" || resp.Data.ResultType != "matrix" {
		return nil, "not a successful matrix"
	}
	out := make([]Series, len(resp.Data.Result))
	for i, r := range resp.Data.Result {
		out[i].Labels = r.Metric
		for _, raw := range r.Values {
			var pair []json.RawMessage
			if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
				return nil, "a sample is not a pair: " + string(raw)
			}
			var ts float64
			if err := json.Unmarshal(pair[0], &ts); err != nil {
				return nil, "a sample time is not a number: " + string(pair[0])
			}
			ms := math.Round(ts * 1000)
			if math.IsInf(ms, 0) || ms < math.MinInt64 || ms >= math.MaxInt64 {
				return nil, "a sample time does not fit Unix milliseconds: " + string(pair[0])
			}
			var text string
			if err := json.Unmarshal(pair[1], &text); err != nil {
				return nil, "a sample value is not a string: " + string(pair[1])
			}
			v, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, "a sample value is not a float: " + text
			}
			out[i].T = append(out[i].T, int64(ms))
			out[i].V = append(out[i].V, v)
		}
	}
	return out, ""
}
