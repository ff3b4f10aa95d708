package promtest

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// The backfilled samples come back from the real Prometheus exactly, gaps included.
func TestBackfilledSeriesAreQueryable(t *testing.T) {
	if why := Missing(); why != "" {
		t.Skip("skipping: " + why)
	}
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	values := []float64{1, 2, math.NaN(), 4, 5}
	srv, err := Start(context.Background(), []Series{
		{Name: "promtest_gauge", Labels: map[string]string{"pod": "a"}, Start: start, Step: time.Minute, Values: values},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	q := url.Values{"query": {"promtest_gauge"}, "time": {start.Add(4 * time.Minute).Format(time.RFC3339)}}
	q.Set("query", "promtest_gauge[10m]")
	resp, err := http.Get(srv.URL + "/api/v1/query?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Values [][2]any          `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data.Result) != 1 || body.Data.Result[0].Metric["pod"] != "a" {
		t.Fatalf("want one series with pod=a, got %+v", body.Data.Result)
	}
	got := body.Data.Result[0].Values
	want := []string{"1", "2", "4", "5"}
	if len(got) != len(want) {
		t.Fatalf("want %d samples, got %v", len(want), got)
	}
	for i, w := range want {
		if got[i][1] != w {
			t.Errorf("sample %d: want %s, got %v", i, w, got[i][1])
		}
	}
}
