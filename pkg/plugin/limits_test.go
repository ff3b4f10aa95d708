package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// The points-per-query limit counts the analysed series (after "max series") × points per series, history
// included; over it, the query gets an error that names the numbers and what to change, and the other queries of
// the request still answer.
func TestMaxTotalPointsPerQuery(t *testing.T) {
	srv := needPrometheus(t)
	q := func(refID string) backend.DataQuery {
		return dataQuery(refID, map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1d", "step": "1m"})
	}
	// 720 visible + 1,440 history points per series: 4 series ≈ 8,640 points, 2 series ≈ 4,320.
	ds := newDatasource(context.Background(), settingsFor(srv.URL, map[string]any{"maxTotalPoints": 5000}, nil))
	small := dataQuery("SMALL", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "trainingWindow": "1d", "step": "1m"})
	resp := runQueries(t, ds, q("A"), small)
	wantError(t, resp.Responses["A"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
		"4 series ×", "points per series, history included", "limit of 5,000 points per query",
		`raise "max points per query" in the data source settings`, "sum by")
	if r := resp.Responses["SMALL"]; r.Error != nil || len(bands(t, r.Frames)) != 1 {
		t.Errorf("the query within the limit must answer, got %v", r.Error)
	}

	capped := newDatasource(context.Background(), settingsFor(srv.URL, map[string]any{"maxTotalPoints": 5000, "maxSeries": 2}, nil))
	if r := runQueries(t, capped, q("A")).Responses["A"]; r.Error != nil || len(bands(t, r.Frames)) != 2 {
		t.Errorf("2 analysed series fit in 5,000 points; got %v", r.Error)
	}
}

// withSlots runs the test with n process-wide detector slots.
func withSlots(t *testing.T, n int) *slots {
	t.Helper()
	saved := detectorSlots
	detectorSlots = newSlots(n)
	t.Cleanup(func() { detectorSlots = saved })
	return detectorSlots
}

// A query whose detector slots are all taken waits: no detection runs until a slot frees (the query cannot
// finish), a wait over a second is reported in a notice, and a query whose deadline passes while it waits gets
// an error that names the setting to raise. Every detector kind takes a slot (multivariate too).
func TestDetectorSlotsBoundConcurrentWork(t *testing.T) {
	srv := needPrometheus(t)
	s := withSlots(t, 1)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	for _, detector := range []string{"mad", "peer_outlier"} {
		t.Run(detector, func(t *testing.T) {
			if _, err := s.acquire(context.Background()); err != nil { // the only slot, held by "another query"
				t.Fatal(err)
			}
			q := dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h",
				"detector": map[string]any{"type": detector}})
			done := make(chan backend.DataResponse, 1)
			go func() { done <- runQueries(t, ds, q).Responses["A"] }()
			select {
			case r := <-done:
				t.Fatalf("the query finished while the only detector slot was taken: %v", r.Error)
			case <-time.After(1500 * time.Millisecond):
			}
			s.release()
			var r backend.DataResponse
			select {
			case r = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the query did not finish after the slot was released")
			}
			if r.Error != nil || len(bands(t, r.Frames)) != 4 {
				t.Fatalf("want 4 series once the slot is free, got %v", r.Error)
			}
			if n := noticeTexts(r.Frames[0]); !strings.Contains(n, "This query waited") || !strings.Contains(n, "max_concurrent_detections") {
				t.Errorf("want a notice about the wait for detector capacity, got %q", n)
			}

			if _, err := s.acquire(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer s.release()
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, resp.Responses["A"], backend.StatusTimeout, backend.ErrorSourcePlugin,
				"ran out of time after waiting", "all 1 detector slots", "raise max_concurrent_detections",
				"[plugin.vigil-anomaly-datasource]")
		})
	}
}

// A quick query that finds a free slot gets no wait notice.
func TestNoWaitNoticeWithFreeSlots(t *testing.T) {
	srv := needPrometheus(t)
	withSlots(t, 4)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h"})).Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	if n := noticeTexts(r.Frames[0]); strings.Contains(n, "waited") {
		t.Errorf("no wait, no notice; got %q", n)
	}
}

func TestSlotCount(t *testing.T) {
	for _, c := range []struct {
		env   string
		cores int
		want  int
	}{{"", 8, 8}, {"3", 8, 3}, {" 16 ", 2, 16}, {"0", 2, 2}, {"-1", 2, 2}, {"many", 4, 4}, {"", 0, 1}} {
		if got := slotCount(c.env, c.cores); got != c.want {
			t.Errorf("slotCount(%q, %d) = %d, want %d", c.env, c.cores, got, c.want)
		}
	}
}
