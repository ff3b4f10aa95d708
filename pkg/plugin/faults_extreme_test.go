package plugin

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/internal/heappeak"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// Faults at the edge of what Prometheus (or something in front of it) can do to a query: each gives this query an
// error or a notice within the configured timeout, never a panic, with memory bounded by the response limit, and
// the next query on the same data source instance works. A real Prometheus where the fault can be produced with
// one (killed mid-query); a loopback server for answers no Prometheus sends on purpose.

// gridAnswer writes a query_range answer on the request's own grid (start, end, step from its form): n series
// labelled pod="p-00000"…, every point present (or only the last, with lastOnly), values a wave per series.
func gridAnswer(w http.ResponseWriter, r *http.Request, n int, lastOnly bool) {
	_ = r.ParseForm()
	start, _ := strconv.ParseFloat(r.Form.Get("start"), 64)
	end, _ := strconv.ParseFloat(r.Form.Get("end"), 64)
	step, _ := strconv.ParseFloat(r.Form.Get("step"), 64)
	w.Header().Set("Content-Type", "application/json")
	b := bufio.NewWriterSize(w, 1<<16)
	defer b.Flush()
	_, _ = b.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[`)
	points := int((end-start)/step) + 1
	for i := range n {
		if i > 0 {
			_ = b.WriteByte(',')
		}
		fmt.Fprintf(b, `{"metric":{"__name__":"vigil_fault","pod":"p-%05d"},"values":[`, i)
		first := 0
		if lastOnly {
			first = points - 1
		}
		for j := first; j < points; j++ {
			if j > first {
				_ = b.WriteByte(',')
			}
			fmt.Fprintf(b, `[%s,"%g"]`, strconv.FormatFloat(start+float64(j)*step, 'f', -1, 64), 100+float64((i+j)%17))
		}
		if _, err := b.WriteString("]}"); err != nil {
			return // the client went away
		}
	}
	_, _ = b.WriteString("]}}")
}

// faultThenHealthy serves fault to the first request and a healthy 4-series answer to every later one.
func faultThenHealthy(t *testing.T, fault http.HandlerFunc) string {
	t.Helper()
	var calls atomic.Int32
	return fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			fault(w, r)
			return
		}
		gridAnswer(w, r, 4, false)
	})
}

// nextQueryWorks checks that the instance answers a normal query after a fault.
func nextQueryWorks(t *testing.T, ds *Datasource) {
	t.Helper()
	r := runQueries(t, ds, dataQuery("NEXT", map[string]any{"expr": "vigil_fault", "trainingWindow": "1h"})).Responses["NEXT"]
	if r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("the next query after the fault must work, got %v", r.Error)
	}
}

// Prometheus killed (SIGKILL) while it evaluates the query: the query gets a "closed the connection" error at
// once, not after the timeout; once Prometheus is back, the same instance answers again.
func TestPrometheusKilledMidQuery(t *testing.T) {
	needPrometheus(t)
	srv, err := promtest.Start(context.Background(), testSeries())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ds := newDatasource(context.Background(), settingsFor(srv.URL, map[string]any{"timeoutSeconds": 60}, nil))
	// A subquery at a 1 s resolution over a day for every step: seconds of work for Prometheus (2.3 to 3.9 s on
	// the development machine), so the kill lands while it evaluates; a query that finished first fails the test.
	slow := dataQuery("A", map[string]any{"expr": "sum(count_over_time(vigil_it_requests[1d:1s]))", "trainingWindow": "1h"})
	done := make(chan backend.DataResponse, 1)
	began := time.Now()
	go func() { done <- runQueries(t, ds, slow).Responses["A"] }()
	time.Sleep(500 * time.Millisecond)
	srv.Kill()
	killed := time.Since(began)
	var r backend.DataResponse
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("no answer 30 s after Prometheus was killed")
	}
	took := time.Since(began)
	wantError(t, r, backend.StatusBadGateway, backend.ErrorSourceDownstream, "Prometheus at "+srv.URL+
		" closed the connection before its answer was complete", "crashed or restarted")
	if took-killed > 5*time.Second {
		t.Errorf("the error came %s after the kill; a dead connection must end the query at once", took-killed)
	}
	t.Logf("killed after %s; error after %s: %v", killed.Round(time.Millisecond), took.Round(time.Millisecond), r.Error)

	if err := srv.Restart(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = runQueries(t, ds, dataQuery("B", map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h"})).Responses["B"]
	if r.Error != nil || len(bands(t, r.Frames)) != 4 {
		t.Fatalf("after the restart the same instance must answer, got %v", r.Error)
	}
}

// Slow loris: the headers arrive, then the body trickles a byte every 50 ms and never ends. The timeout covers
// the whole answer, so the query ends at the timeout with the message naming the setting, and the server sees
// the connection closed.
func TestSlowLorisAnswer(t *testing.T) {
	gone := make(chan struct{})
	url := faultThenHealthy(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(gone)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		body := `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]`
		for i := 0; ; i++ {
			if _, err := w.Write([]byte{body[i%len(body)]}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	ds := newDatasource(context.Background(), settingsFor(url, map[string]any{"timeoutSeconds": 1}, nil))
	began := time.Now()
	r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_fault", "trainingWindow": "1h"})).Responses["A"]
	took := time.Since(began)
	wantError(t, r, backend.StatusTimeout, backend.ErrorSourceDownstream, "did not answer within 1s", "raise the timeout")
	if took > 3*time.Second {
		t.Errorf("a 1 s timeout ended the trickle after %s", took)
	}
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Error("the trickling connection was not closed")
	}
	t.Logf("a 1 s timeout ended the trickle after %s", took.Round(time.Millisecond))
	nextQueryWorks(t, ds)
}

// Truncated answers: JSON cut off (connection closed early with a Content-Length that promised more, or a chunked
// body that stops) is an error that says the answer broke off or is not valid JSON.
func TestTruncatedAnswers(t *testing.T) {
	partial := `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"a"},"values":[[1,"1"],[2,`
	cases := map[string]struct {
		fault http.HandlerFunc
		words []string
	}{
		"short of its Content-Length": {func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "100000")
			_, _ = w.Write([]byte(partial))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // close the connection mid-body
		}, []string{"closed the connection before its answer was complete (unexpected EOF)", "try again"}},
		"chunked, aborted": {func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(partial))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}, []string{"closed the connection before its answer was complete (unexpected EOF)", "try again"}},
		"closed before any answer": {func(http.ResponseWriter, *http.Request) {
			panic(http.ErrAbortHandler)
		}, []string{"closed the connection before its answer was complete (EOF)", "crashed or restarted"}},
		"complete but cut JSON": {func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(partial))
		}, []string{"not a Prometheus API response", "invalid JSON"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			ds := newDatasource(context.Background(), settingsFor(faultThenHealthy(t, c.fault), nil, nil))
			r := runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_fault", "trainingWindow": "1h"})).Responses["A"]
			wantError(t, r, backend.StatusBadGateway, backend.ErrorSourceDownstream, c.words...)
			nextQueryWorks(t, ds)
		})
	}
}

// A 200 MB answer (a valid matrix that goes on and on), with and without Content-Length: refused at the response
// limit (128 MB with the default "max points per query"), with the heap during the query bounded by the limit
// plus the reading chunk, not by the answer.
func TestAnswerOf200MB(t *testing.T) {
	const size = 200 << 20
	for _, withLength := range []bool{true, false} {
		t.Run(fmt.Sprintf("Content-Length %v", withLength), func(t *testing.T) {
			var sent atomic.Int64
			url := faultThenHealthy(t, func(w http.ResponseWriter, r *http.Request) {
				if withLength {
					w.Header().Set("Content-Length", strconv.Itoa(size))
				}
				head := `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"a"},"values":[`
				n, _ := w.Write([]byte(head))
				total := n
				sample := []byte(`[1700000000,"123.456789"],`)
				chunk := make([]byte, 0, 1<<20)
				for len(chunk)+len(sample) <= cap(chunk) {
					chunk = append(chunk, sample...)
				}
				for total+len(chunk) <= size {
					n, err := w.Write(chunk)
					total += n
					sent.Store(int64(total))
					if err != nil {
						return
					}
				}
			})
			ds := newDatasource(context.Background(), settingsFor(url, nil, nil))
			limit, _ := responseLimit(ds.settings)
			var r backend.DataResponse
			began := time.Now()
			peak := heappeak.Above(func() {
				r = runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_fault", "trainingWindow": "1h"})).Responses["A"]
			})
			took := time.Since(began)
			words := []string{"the answer from Prometheus at", "128 MB, the most this data source reads for one query",
				`64 bytes per point of "max points per query", 2,000,000`, "sum by"}
			if withLength {
				words = append(words, "is 210 MB, more than 128 MB")
			}
			wantError(t, r, backend.StatusBadRequest, backend.ErrorSourceDownstream, words...)
			if took > 30*time.Second {
				t.Errorf("the answer was refused after %s, beyond the 30 s timeout", took)
			}
			if bound := uint64(limit) + 64<<20; peak > bound {
				t.Errorf("heap peaked %d MB above the start, more than the %d MB limit + 64 MB", peak>>20, limit>>20)
			}
			t.Logf("refused after %s; %d MB sent by the server; heap peak +%d MB", took.Round(time.Millisecond), sent.Load()>>20, peak>>20)
			nextQueryWorks(t, ds)
		})
	}
}

// 100,000 series: with one point each (8 MB) the first 500 ("max series") are analysed and a notice says so; with
// every point (over 2 GB) the answer is refused at the response limit. Both within the timeout.
func TestAnswerOf100kSeries(t *testing.T) {
	for _, lastOnly := range []bool{true, false} {
		t.Run(fmt.Sprintf("one point each %v", lastOnly), func(t *testing.T) {
			url := faultThenHealthy(t, func(w http.ResponseWriter, r *http.Request) { gridAnswer(w, r, 100_000, lastOnly) })
			ds := newDatasource(context.Background(), settingsFor(url, nil, nil))
			began := time.Now()
			var r backend.DataResponse
			peak := heappeak.Above(func() {
				r = runQueries(t, ds, dataQuery("A", map[string]any{"expr": "vigil_fault", "trainingWindow": "1h"})).Responses["A"]
			})
			took := time.Since(began)
			if took > 30*time.Second {
				t.Errorf("answered after %s, beyond the 30 s timeout", took)
			}
			if lastOnly {
				if r.Error != nil {
					t.Fatalf("want the first 500 series analysed, got %v", r.Error)
				}
				if n := noticeTexts(r.Frames[0]); !strings.Contains(n, "100000 series have values in the time range, more than the \"max series\" limit of 500") {
					t.Errorf("want the max series notice, got %q", n)
				}
			} else {
				wantError(t, r, backend.StatusBadRequest, backend.ErrorSourceDownstream, "larger than 128 MB", "narrow it")
			}
			t.Logf("answered after %s; heap peak +%d MB", took.Round(time.Millisecond), peak>>20)
			nextQueryWorks(t, ds)
		})
	}
}
