package plugin

import (
	"context"
	"errors"
	"math"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// manySeries is n series of points each on a shared 1-minute grid: a wave with a little deterministic noise.
func manySeries(n, points int) []detectors.Series {
	t := make([]int64, points)
	for i := range t {
		t[i] = int64(i) * 60_000
	}
	out := make([]detectors.Series, n)
	for k := range out {
		v := make([]float64, points)
		for i := range v {
			v[i] = 100 + 10*math.Sin(float64(i+k)/229) + float64((i*7+k)%13)/13
		}
		out[k] = detectors.Series{T: t, V: v}
	}
	return out
}

// cpuSince is the process CPU time used since before; the test skips CPU checks where it cannot be read.
func cpuSince(t *testing.T, before time.Duration) time.Duration {
	t.Helper()
	now, ok := processCPU()
	if !ok {
		t.Skip("process CPU time cannot be read on this platform")
	}
	return now - before
}

// Cancelling a long multi-series detection stops the work, not only the wait for it: from the cancel to detect's
// return the process uses no more CPU than the runs in flight (one series per worker), the CPU the detection used
// is a small part of what the whole detection costs, and in the second after it returns the process does no more
// detector work (no goroutine keeps scoring series).
func TestCancellationStopsDetection(t *testing.T) {
	const n, points = 300, 11_000
	series := manySeries(n, points)
	det, err := detectors.Prepare("mad", nil)
	if err != nil {
		t.Fatal(err)
	}
	q := &query.Parsed{DetectorID: "mad", Detector: det}

	// The cost of the whole detection, from a sample of 8 series.
	cpu0, _ := processCPU()
	if _, _, err := detect(context.Background(), q, series[:8]); err != nil {
		t.Fatal(err)
	}
	perSeries := cpuSince(t, cpu0) / 8
	full := perSeries * n

	goroutines := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	type outcome struct {
		results []detectors.Result
		err     error
		at      time.Time
	}
	done := make(chan outcome, 1)
	cpu0, _ = processCPU()
	go func() {
		r, _, err := detect(ctx, q, series)
		done <- outcome{r, err, time.Now()}
	}()
	time.Sleep(300 * time.Millisecond)
	atCancel, _ := processCPU()
	cancel()
	cancelled := time.Now()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("detect did not return 30 s after the cancel")
	}
	used := cpuSince(t, cpu0)
	afterCancel := cpuSince(t, atCancel)
	if !errors.Is(o.err, context.Canceled) || o.results != nil {
		t.Fatalf("want context.Canceled and no results, got %v (%d results)", o.err, len(o.results))
	}
	returnedAfter := o.at.Sub(cancelled)
	// After the cancel each worker may finish the series it holds: at most one series' CPU per worker (doubled,
	// and 100 ms for the rest of the process). Wall time is not the measure: on a loaded machine the process
	// may wait for a core.
	workers := min(runtime.GOMAXPROCS(0), n)
	if limit := time.Duration(2*workers)*perSeries + 100*time.Millisecond; afterCancel > limit {
		t.Errorf("%s of CPU from the cancel to detect's return; the %d runs in flight take at most %s", afterCancel, workers, limit)
	}
	if returnedAfter > 30*time.Second {
		t.Errorf("detect returned %s after the cancel", returnedAfter)
	}
	if used > full/2 {
		t.Errorf("the cancelled detection used %s of CPU, the whole one costs %s: work went on after the cancel", used, full)
	}
	cpu1, _ := processCPU()
	time.Sleep(time.Second)
	after := cpuSince(t, cpu1)
	if after > 250*time.Millisecond {
		t.Errorf("the process used %s of CPU in the second after detect returned: detector work goes on", after)
	}
	if g := settledGoroutines(goroutines); g > goroutines {
		t.Errorf("%d goroutines after the cancelled detection, %d before", g, goroutines)
	}
	t.Logf("%d series × %d points with mad: %s CPU per series, %s for all; cancelled after 300 ms: returned %s after "+
		"the cancel, %s CPU used in all, %s of it after the cancel, %s CPU in the second after", n, points, perSeries,
		full, returnedAfter.Round(time.Millisecond), used.Round(time.Millisecond), afterCancel.Round(time.Millisecond),
		after.Round(time.Millisecond))
}

// The same through QueryData, as Grafana cancels a query (a closed panel, a new refresh): once detection has
// started (a detector slot is taken), the cancel ends the query with "cancelled", and from the cancel to a second
// after the answer the process uses less CPU than half a second (the whole detection takes seconds).
func TestCancellationStopsQueryDetection(t *testing.T) {
	s := withSlots(t, runtime.GOMAXPROCS(0))
	url := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) { gridAnswer(w, r, 100, false) })
	ds := newDatasource(context.Background(), settingsFor(url, nil, nil))
	// 100 series × 10,800 points (7d of training window and 12h visible at 1m): seconds of mad.
	q := dataQuery("A", map[string]any{"expr": "vigil_fault", "trainingWindow": "7d", "detector": map[string]any{"type": "mad"}})
	goroutines := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan backend.DataResponse, 1)
	go func() {
		resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
		if err != nil {
			t.Error(err)
		}
		done <- resp.Responses["A"]
	}()
	// Detection has started once some slot is taken: probe by trying to take them all (and giving them back).
	deadline := time.Now().Add(60 * time.Second)
	for s.sem.TryAcquire(int64(s.size)) {
		s.sem.Release(int64(s.size))
		select {
		case r := <-done:
			t.Fatalf("the query ended before its detection was seen running: %v", r.Error)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("detection did not start within 60 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cpu0, _ := processCPU()
	cancel()
	cancelled := time.Now()
	var r backend.DataResponse
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("no answer 30 s after the cancel")
	}
	took := time.Since(cancelled)
	if r.Error == nil || r.Status != backend.Status(499) {
		t.Fatalf("want a cancelled query (status 499), got %v (%d)", r.Error, r.Status)
	}
	if took > 10*time.Second { // the whole detection takes seconds of CPU; CPU below is the real measure
		t.Errorf("the query ended %s after the cancel", took)
	}
	time.Sleep(time.Second)
	if after := cpuSince(t, cpu0); after > 500*time.Millisecond {
		t.Errorf("the process used %s of CPU from the cancel to a second after the answer: detector work goes on", after)
	}
	// The HTTP client's idle connection has goroutines of its own (and the loopback server one for it): close it,
	// then every goroutine the query started must be gone.
	ds.Dispose()
	if g := settledGoroutines(goroutines); g > goroutines {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after the cancelled query, %d before:\n%s", g, goroutines, buf[:runtime.Stack(buf, true)])
	}
	t.Logf("answered %s after the cancel: %v", took.Round(time.Millisecond), r.Error)
}

// settledGoroutines waits up to 2 s for the goroutine count to fall to want and returns the last count.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		g := runtime.NumGoroutine()
		if g <= want || time.Now().After(deadline) {
			return g
		}
		time.Sleep(10 * time.Millisecond)
	}
}
