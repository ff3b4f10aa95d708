// Command bench/load (npm run bench:load) puts the built backend under load as Grafana would: it launches the
// backend executable over the plugin protocol (hashicorp/go-plugin, the SDK's handshake, gRPC), backfills a real
// Prometheus (Debian's package, loopback port, promtool) with metrics of 100 series each, sends 200 QueryData
// requests at once (one query each: every detector, every output, 100 series), and reports the errors, the
// latency (p50, p99), the backend's peak resident memory, and its goroutines, live heap and resident memory
// before, right after and some seconds after the load, to show they return to the idle level.
//
//	go run ./bench/load [--queries 200] [--series 100] [--visible 2h] [--training 6h] [--settle 95s] [--timeout 300s]
//	                    [--detectors auto,mad,…] [--plain] [--binary path] [--cpuprofile file] [--json]
//
// --timeout is the data source's Prometheus timeout. It defaults to 300 s, not the data source's 30 s: the mix
// includes seasonal queries, whose default warm-up fetches 4 days of minute data, and on a 2-core machine
// Prometheus alone needs about 50 s to answer 20 of them at once, so at 30 s the queries queued behind them in
// Prometheus time out there (the bench says so in its errors). The backend's own work is what the bench measures.
//
// --settle defaults past the HTTP client's idle-connection timeout (90 s): until then the keep-alive connections
// to Prometheus (up to 100, two goroutines each) stay open by design, for the next refresh. A sample 5 s after the
// load shows them.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

var (
	detectorIDs = []string{"auto", "ensemble", "zscore", "mad", "ewma", "holt_winters", "seasonal", "level_shift",
		"isolation_forest", "peer_outlier"}
	outputIDs = []string{"band", "score", "anomaly", "events"}
	metrics   = []string{"vigil_load_requests", "vigil_load_latency"}
	step      = time.Minute
	history   = 5 * 24 * time.Hour // seasonal's default warm-up is 4 days
	dataEnd   = time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)

	cpuProfile string // --cpuprofile
	plain      bool   // --plain
)

// snapshot is the backend's state at one moment.
type snapshot struct {
	Goroutines int     `json:"goroutines"`
	LiveHeapMB float64 `json:"liveHeapMB"` // after a forced GC
	RSSMB      float64 `json:"rssMB"`
}

type report struct {
	Binary        string              `json:"binary"`
	Queries       int                 `json:"queries"`
	Series        int                 `json:"series"`
	Detectors     []string            `json:"detectors"`
	PointsEach    string              `json:"range"`
	Errors        int                 `json:"errors"`
	ErrorSamples  []string            `json:"errorSamples,omitempty"`
	Warnings      int                 `json:"queriesWithWarnings"`
	WallSeconds   float64             `json:"wallSeconds"`
	P50Ms         float64             `json:"p50Ms"`
	P99Ms         float64             `json:"p99Ms"`
	MaxMs         float64             `json:"maxMs"`
	PeakRSSMB     float64             `json:"peakRssMB"` // VmHWM of the backend process
	States        map[string]snapshot `json:"states"`
	StateOrder    []string            `json:"-"`
	SettleSeconds float64             `json:"settleSeconds"`
	// TimeoutSeconds is the data source's timeout per Prometheus request.
	TimeoutSeconds float64 `json:"timeoutSeconds"`
	// Plain is the same load's query_range requests sent straight to Prometheus (--plain).
	Plain *plainResult `json:"plain,omitempty"`
}

func main() {
	queries := flag.Int("queries", 200, "concurrent QueryData requests (one query each)")
	nSeries := flag.Int("series", 100, "series per metric (each query reads one metric)")
	visible := flag.Duration("visible", 2*time.Hour, "visible range of each query")
	training := flag.Duration("training", 6*time.Hour, "training window of each query")
	settle := flag.Duration("settle", 95*time.Second, "wait after the load before the last sample")
	timeout := flag.Duration("timeout", 300*time.Second, "the data source's Prometheus timeout (timeoutSeconds)")
	binFlag := flag.String("binary", "", "backend executable (default dist/datasource/gpx_vigil_anomaly_<os>_<arch>)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	only := flag.String("detectors", strings.Join(detectorIDs, ","), "the detectors of the mix, comma-separated")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the backend during the load (30 s) to this file")
	flag.BoolVar(&plain, "plain", false, "first send the same load's query_range requests straight to Prometheus")
	flag.Parse()
	detectorIDs = strings.Split(*only, ",")
	r, err := run(*queries, *nSeries, *visible, *training, *settle, *timeout, *binFlag)
	if err != nil {
		fail(err)
	}
	print(r, *asJSON)
}

// run does the whole bench; every process it starts is stopped before it returns.
func run(queries, nSeries int, visible, training, settle, timeout time.Duration, binFlag string) (report, error) {
	if why := promtest.Missing(); why != "" {
		return report{}, fmt.Errorf("needs a real Prometheus: %s", why)
	}
	bin, cleanup, err := binaryPath(binFlag)
	if err != nil {
		return report{}, err
	}
	defer cleanup()

	points := int(history / step)
	var series []promtest.Series
	for m, name := range metrics {
		for i := range nSeries {
			series = append(series, loadSeries(name, m, i, points))
		}
	}
	progress("backfilling %d series × %d points into a real Prometheus…", len(series), points)
	began := time.Now()
	prom, err := promtest.Start(context.Background(), series)
	if err != nil {
		return report{}, err
	}
	defer prom.Stop()
	series = nil
	progress("Prometheus ready in %s at %s", time.Since(began).Round(time.Second), prom.URL)

	b, err := startBackend(bin, nil)
	if err != nil {
		return report{}, err
	}
	defer b.stop()
	progress("backend %s running as pid %d", bin, b.pid)
	settings := instanceSettings(prom.URL, timeout)
	r := report{Binary: bin, Queries: queries, Series: nSeries, Detectors: detectorIDs, States: map[string]snapshot{}, SettleSeconds: settle.Seconds(),
		TimeoutSeconds: timeout.Seconds(), PointsEach: fmt.Sprintf("%s visible + %s training window at %s", visible, training, step)}
	take := func(name string) error {
		s, err := b.snapshot()
		if err != nil {
			return err
		}
		r.States[name] = s
		r.StateOrder = append(r.StateOrder, name)
		progress("%-22s goroutines %4d, live heap %7.1f MB, RSS %7.1f MB", name, s.Goroutines, s.LiveHeapMB, s.RSSMB)
		return nil
	}

	if plain {
		var qs []backend.DataQuery
		for i := range queries {
			qs = append(qs, loadQuery(i, visible, training))
		}
		progress("sending the same %d query_range requests straight to Prometheus…", queries)
		p, err := plainLoad(settings, qs, timeout)
		if err != nil {
			return report{}, err
		}
		r.Plain = &p
	}

	// Warm-up: one query of each detector, one at a time, so the idle state is that of a backend in use.
	for i := range detectorIDs {
		if _, err := send(b, settings, loadQuery(i, visible, training), nSeries); err != nil {
			return report{}, fmt.Errorf("warm-up query %s: %w", detectorIDs[i], err)
		}
	}
	time.Sleep(2 * time.Second)
	if err := take("idle, before the load"); err != nil {
		return report{}, err
	}

	var peakRSS atomic.Uint64
	stopSampling := sampleRSS(b, &peakRSS)
	latencies := make([]float64, queries)
	errs := make([]error, queries)
	warnings := make([]bool, queries)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range queries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			warnings[i], errs[i] = send(b, settings, loadQuery(i, visible, training), nSeries)
			latencies[i] = float64(time.Since(t0).Microseconds()) / 1000
		}()
	}
	progress("sending %d queries at once…", queries)
	profiled := make(chan error, 1)
	if cpuProfile != "" {
		go func() { profiled <- b.cpuProfile(cpuProfile, 30*time.Second) }()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	if cpuProfile != "" {
		if err := <-profiled; err != nil {
			return report{}, err
		}
	}
	r.WallSeconds = time.Since(t0).Seconds()
	stopSampling()
	if err := take("right after the load"); err != nil {
		return report{}, err
	}
	time.Sleep(5 * time.Second)
	if err := take("5 s after"); err != nil {
		return report{}, err
	}
	if settle > 5*time.Second {
		time.Sleep(settle - 5*time.Second)
		if err := take(fmt.Sprintf("%s after", settle)); err != nil {
			return report{}, err
		}
	}

	for i, err := range errs {
		if err != nil {
			r.Errors++
			if len(r.ErrorSamples) < 5 {
				r.ErrorSamples = append(r.ErrorSamples, fmt.Sprintf("query %d (%s, %s): %v", i, detectorIDs[i%len(detectorIDs)],
					outputIDs[(i/len(detectorIDs))%len(outputIDs)], err))
			}
		}
		if warnings[i] {
			r.Warnings++
		}
	}
	slices.Sort(latencies)
	r.P50Ms, r.P99Ms, r.MaxMs = percentile(latencies, 50), percentile(latencies, 99), latencies[len(latencies)-1]
	_, hwm, err := b.memory()
	if err != nil {
		return report{}, err
	}
	r.PeakRSSMB = mb(max(hwm, peakRSS.Load()))
	return r, nil
}

// loadSeries: a daily wave with noise, a level per series and a spike now and then, one sample a minute.
func loadSeries(name string, metric, i, points int) promtest.Series {
	v := make([]float64, points)
	state := uint32(i*7919 + metric*104729 + 1) // #nosec G115 -- a seed for benchmark noise; wrapping is fine
	for j := range v {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		noise := float64(state)/float64(1<<32) - 0.5
		v[j] = 100 + float64(i%23)*5 + 20*math.Sin(2*math.Pi*float64(j)/1440) + 3*noise
		if (j+i*37)%613 == 0 {
			v[j] += 60
		}
	}
	return promtest.Series{Name: name, Labels: map[string]string{"job": "load", "pod": fmt.Sprintf("pod-%03d", i)},
		Start: dataEnd.Add(-time.Duration(points-1) * step), Step: step, Values: v}
}

func instanceSettings(url string, timeout time.Duration) backend.DataSourceInstanceSettings {
	jd, _ := json.Marshal(map[string]any{"prometheusUrl": url, "timeoutSeconds": timeout.Seconds()})
	return backend.DataSourceInstanceSettings{UID: "vigil-load", JSONData: jd, Updated: time.Now()}
}

// loadQuery is query i of the mix: detector i mod the number of detectors (10), output (i / that) mod 4, metric i mod 2; the last visible point is the
// last sample.
func loadQuery(i int, visible, training time.Duration) backend.DataQuery {
	refID := "Q" + strconv.Itoa(i)
	raw, _ := json.Marshal(map[string]any{"refId": refID, "expr": metrics[i%len(metrics)],
		"detector": map[string]any{"type": detectorIDs[i%len(detectorIDs)]}, "output": outputIDs[(i/len(detectorIDs))%len(outputIDs)],
		"trainingWindow": fmtDuration(training)})
	return backend.DataQuery{RefID: refID, JSON: raw, Interval: step, MaxDataPoints: 1000,
		TimeRange: backend.TimeRange{From: dataEnd.Add(-visible), To: dataEnd}}
}

func fmtDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}

// send runs one query and checks its answer: no error, and the frames its output promises for the series the
// query reads (band: three per series; score and anomaly: one per series; events: one table). It reports whether
// the answer carried a warning notice (e.g. a detector's warm-up longer than the history).
func send(b *pluginProcess, settings backend.DataSourceInstanceSettings, q backend.DataQuery, nSeries int) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	req := &backend.QueryDataRequest{PluginContext: backend.PluginContext{OrgID: 1, PluginID: "vigil-anomaly-datasource",
		DataSourceInstanceSettings: &settings}, Queries: []backend.DataQuery{q}}
	protoResp, err := b.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return false, err
	}
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	if err != nil {
		return false, err
	}
	r := resp.Responses[q.RefID]
	if r.Error != nil {
		return false, r.Error
	}
	var model struct{ Output string }
	_ = json.Unmarshal(q.JSON, &model)
	want := map[string]int{"band": 3 * nSeries, "score": nSeries, "anomaly": nSeries, "events": 1}[model.Output]
	if len(r.Frames) != want {
		return false, fmt.Errorf("%d frames for output %s, want %d", len(r.Frames), model.Output, want)
	}
	warned := false
	if m := r.Frames[0].Meta; m != nil {
		for _, n := range m.Notices {
			warned = warned || n.Severity.String() == "warning"
		}
	}
	return warned, nil
}

func (b *pluginProcess) snapshot() (snapshot, error) {
	g, err := b.goroutines()
	if err != nil {
		return snapshot{}, err
	}
	heap, err := b.liveHeap()
	if err != nil {
		return snapshot{}, err
	}
	rss, _, err := b.memory()
	if err != nil {
		return snapshot{}, err
	}
	return snapshot{Goroutines: g, LiveHeapMB: mb(heap), RSSMB: mb(rss)}, nil
}

// sampleRSS records the backend's largest resident set every 20 ms until stopped.
func sampleRSS(b *pluginProcess, peak *atomic.Uint64) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if rss, _, err := b.memory(); err == nil && rss > peak.Load() {
					peak.Store(rss)
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []float64, p float64) float64 {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank-1, 0)]
}

func mb(bytes uint64) float64 { return float64(bytes) / (1 << 20) }

func print(r report, asJSON bool) {
	if asJSON {
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Println(string(out))
		return
	}
	fmt.Printf("backend %s\n%d concurrent queries × %d series (%s), outputs band, score, anomaly, events and detectors %s\n",
		r.Binary, r.Queries, r.Series, r.PointsEach, strings.Join(r.Detectors, ", "))
	fmt.Printf("Prometheus timeout (timeoutSeconds) %.0f s\n", r.TimeoutSeconds)
	fmt.Printf("errors %d; queries with a warning notice %d\n", r.Errors, r.Warnings)
	for _, e := range r.ErrorSamples {
		fmt.Println("  " + e)
	}
	fmt.Printf("latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; all answered in %.1f s\n", r.P50Ms, r.P99Ms, r.MaxMs, r.WallSeconds)
	fmt.Printf("peak RSS of the backend process %.1f MB\n", r.PeakRSSMB)
	if p := r.Plain; p != nil {
		fmt.Printf("the same query_range requests straight to Prometheus, all at once: errors %d, p50 %.0f ms, p99 %.0f ms; "+
			"all answered in %.1f s\n", p.Errors, p.P50Ms, p.P99Ms, p.WallSeconds)
	}
	fmt.Printf("%-22s %10s %14s %10s\n", "backend state", "goroutines", "live heap MB", "RSS MB")
	for _, name := range r.StateOrder {
		s := r.States[name]
		fmt.Printf("%-22s %10d %14.1f %10.1f\n", name, s.Goroutines, s.LiveHeapMB, s.RSSMB)
	}
}

func progress(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:load:", err)
	os.Exit(1)
}
