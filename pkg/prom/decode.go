package prom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Series is one series of a range result: labels (including __name__) and samples with Unix-ms timestamps.
type Series struct {
	Labels map[string]string
	T      []int64
	V      []float64
}

type matrixResponse struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string         `json:"resultType"`
		Result     []matrixSeries `json:"result"`
	} `json:"data"`
	Error string `json:"error"`
}

type matrixSeries struct {
	Metric map[string]string `json:"metric"`
	Values samples           `json:"values"`
}

type samples struct {
	t []int64
	v []float64
}

// UnmarshalJSON reads [[1700000000.123,"1.5"], …] without building interface values: the matrix can hold
// millions of pairs and this is the hot loop of every query.
func (s *samples) UnmarshalJSON(b []byte) error {
	n := bytes.Count(b, []byte{'['}) - 1
	if n < 0 {
		return fmt.Errorf("values is not an array")
	}
	s.t = make([]int64, 0, n)
	s.v = make([]float64, 0, n)
	i := bytes.IndexByte(b, '[') + 1
	for {
		open := indexFrom(b, i, '[')
		if open < 0 {
			return nil
		}
		comma := indexFrom(b, open, ',')
		end := indexFrom(b, open, ']')
		if comma < 0 || end < 0 || comma > end {
			return fmt.Errorf("a sample is not [time, \"value\"]")
		}
		ts, err := strconv.ParseFloat(string(bytes.TrimSpace(b[open+1:comma])), 64)
		if err != nil {
			return fmt.Errorf("a sample time is not a number: %w", err)
		}
		raw := bytes.Trim(bytes.TrimSpace(b[comma+1:end]), `"`)
		v, err := parseValue(raw)
		if err != nil {
			return err
		}
		s.t = append(s.t, int64(math.Round(ts*1000)))
		s.v = append(s.v, v)
		i = end + 1
	}
}

func indexFrom(b []byte, from int, c byte) int {
	j := bytes.IndexByte(b[from:], c)
	if j < 0 {
		return -1
	}
	return from + j
}

// parseValue reads Prometheus's sample strings, including "NaN", "+Inf" and "-Inf".
func parseValue(raw []byte) (float64, error) {
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, fmt.Errorf("a sample value %q is not a number", raw)
	}
	return v, nil
}

// decodeMatrix turns a query_range body into series, or explains why it is not a Prometheus answer.
func decodeMatrix(body []byte, base string) ([]Series, error) {
	notPrometheus := func(why string) error {
		return &Error{Kind: KindNotPrometheus, Message: fmt.Sprintf("the answer from %s is not a Prometheus API "+
			"response (%s); check that the URL points at Prometheus (e.g. http://host:9090), not Grafana or "+
			"another web page", base, why)}
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, notPrometheus("not JSON" + excerpt(body))
	}
	var resp matrixResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, notPrometheus("invalid JSON: " + err.Error())
	}
	switch {
	case resp.Status == "error":
		return nil, &Error{Kind: KindBadQuery, Message: "Prometheus rejected the query: " + resp.Error}
	case resp.Status != "success":
		return nil, notPrometheus("no \"status\": \"success\" field")
	case resp.Data.ResultType != "matrix":
		return nil, notPrometheus(fmt.Sprintf("result type %q instead of a matrix", resp.Data.ResultType))
	}
	out := make([]Series, len(resp.Data.Result))
	for i, r := range resp.Data.Result {
		out[i] = Series{Labels: r.Metric, T: r.Values.t, V: r.Values.v}
	}
	return out, nil
}
