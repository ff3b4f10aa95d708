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
// millions of pairs and this is the hot loop of every query. It reads the API's exact form (an array of
// [number, "string"] pairs) and rejects anything else whole: found by FuzzDecodeMatrix, a looser scan dropped or
// misread elements such as [[1,"2"],5] or [[1,"1]"]] and returned the rest with no error.
func (s *samples) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '[' {
		return fmt.Errorf("values is not an array")
	}
	n := bytes.Count(b, []byte{'['}) - 1
	s.t = make([]int64, 0, n)
	s.v = make([]float64, 0, n)
	notPair := fmt.Errorf("a sample is not [time, \"value\"]")
	i := skipSpace(b, 1)
	if at(b, i) == ']' {
		i++
	} else {
		for {
			if at(b, i) != '[' {
				return notPair
			}
			comma := indexFrom(b, i, ',')
			if comma < 0 {
				return notPair
			}
			ts, err := strconv.ParseFloat(string(bytes.TrimSpace(b[i+1:comma])), 64)
			if err != nil {
				return fmt.Errorf("a sample time is not a number: %w", err)
			}
			ms := math.Round(ts * 1000)
			if !(ms >= math.MinInt64 && ms < math.MaxInt64) { // int64(1e303) is undefined; found by FuzzDecodeMatrix
				return fmt.Errorf("a sample time %v is not a Unix time in seconds", ts)
			}
			open := skipSpace(b, comma+1)
			if at(b, open) != '"' {
				return notPair
			}
			closing := indexFrom(b, open+1, '"')
			if closing < 0 {
				return notPair
			}
			v, err := parseValue(b[open+1 : closing])
			if err != nil {
				return err
			}
			if i = skipSpace(b, closing+1); at(b, i) != ']' {
				return notPair
			}
			s.t = append(s.t, int64(ms))
			s.v = append(s.v, v)
			if i = skipSpace(b, i+1); at(b, i) == ',' {
				i = skipSpace(b, i+1)
				continue
			}
			if at(b, i) != ']' {
				return notPair
			}
			i++
			break
		}
	}
	if skipSpace(b, i) != len(b) {
		return fmt.Errorf("values is not an array")
	}
	return nil
}

// at is b[i], or 0 past the end: encoding/json has checked the syntax already, but a slip must not panic.
func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// skipSpace returns the index of the first non-space byte of b at or after i, or len(b). JSON whitespace only.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
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
