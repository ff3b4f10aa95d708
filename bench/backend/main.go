// Command bench/backend (npm run bench:backend) measures the Vigil data source backend against plain
// Prometheus in one run on the same data: it backfills a real Prometheus (Debian's package, loopback port) and
// times QueryData (query_range + detection + frames) next to the plain query_range of the same series, same
// range and step (HTTP + JSON decoding, what any Prometheus client pays), and records Vigil's peak heap.
//
//	go run ./bench/backend [--json] [--runs 5] [--sizes 100,2000] [--detector auto]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/vigil-anomaly/vigil/internal/heappeak"
	"github.com/vigil-anomaly/vigil/internal/promtest"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/plugin"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// The visible range: 1,440 points at a 1-minute step (one day). Vigil also fetches its training window.
const (
	visiblePoints  = 1440
	step           = time.Minute
	trainingWindow = 12 * time.Hour
)

var dataStart = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

type row struct {
	Series        int     `json:"series"`
	Points        int     `json:"points"`        // visible points per series (what the panel shows)
	FetchedPoints int     `json:"fetchedPoints"` // per series, training window included
	Detector      string  `json:"detector"`
	VigilMedianMs float64 `json:"vigilMedianMs"`
	PlainMedianMs float64 `json:"plainMedianMs"`
	Ratio         float64 `json:"ratio"`
	PeakMemoryMB  float64 `json:"peakMemoryMB"` // Vigil QueryData peak heap above the idle heap
	PlainPeakMB   float64 `json:"plainPeakMemoryMB"`
	Runs          int     `json:"runs"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the table as JSON")
	runs := flag.Int("runs", 5, "timed runs per size (after one warm-up run)")
	sizesFlag := flag.String("sizes", "100,2000", "series counts")
	detector := flag.String("detector", "auto", "detector id")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fail(fmt.Errorf("bad --sizes %q", *sizesFlag))
		}
		sizes = append(sizes, n)
	}
	if why := promtest.Missing(); why != "" {
		fail(fmt.Errorf("needs a real Prometheus: %s", why))
	}
	history := int(trainingWindow/step) + 60 // a little data before the training window
	total := history + visiblePoints
	var series []promtest.Series
	for _, n := range sizes {
		for i := range n {
			series = append(series, benchSeries(n, i, total))
		}
	}
	progress("backfilling %d series × %d points into a real Prometheus…", len(series), total)
	began := time.Now()
	srv, err := promtest.Start(context.Background(), series)
	if err != nil {
		fail(err)
	}
	defer srv.Stop()
	series = nil
	progress("ready in %s at %s", time.Since(began).Round(time.Second), srv.URL)

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	var rows []row
	for _, n := range sizes {
		r, err := measure(srv.URL, n, *runs, *detector, total)
		if err != nil {
			srv.Stop()
			fail(err)
		}
		rows = append(rows, r)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(rows, "", "  ")
		fmt.Println(string(out))
		return
	}
	fmt.Printf("%-7s %-7s %-8s %-9s %-12s %-12s %-6s %-14s %s\n", "series", "points", "fetched", "detector",
		"Vigil ms", "plain ms", "ratio", "Vigil peak MB", "plain peak MB")
	for _, r := range rows {
		fmt.Printf("%-7d %-7d %-8d %-9s %-12.1f %-12.1f %-6.2f %-14.1f %.1f\n", r.Series, r.Points, r.FetchedPoints,
			r.Detector, r.VigilMedianMs, r.PlainMedianMs, r.Ratio, r.PeakMemoryMB, r.PlainPeakMB)
	}
}

// benchSeries: a daily wave, deterministic noise and a spike every ~400 points, labelled by size group.
func benchSeries(size, i, total int) promtest.Series {
	v := make([]float64, total)
	state := uint32(i*7919 + 1) // #nosec G115 -- a seed for benchmark noise; wrapping is fine
	for j := range v {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		noise := float64(state)/float64(1<<32) - 0.5
		v[j] = 100 + float64(i%17) + 10*math.Sin(2*math.Pi*float64(j)/1440) + 2*noise
		if (j+i*31)%397 == 0 {
			v[j] += 40
		}
	}
	return promtest.Series{Name: "vigil_bench", Labels: map[string]string{"size": strconv.Itoa(size), "pod": fmt.Sprintf("pod-%04d", i)},
		Start: dataStart, Step: step, Values: v}
}

func measure(url string, n, runs int, detector string, total int) (row, error) {
	expr := fmt.Sprintf(`vigil_bench{size="%d"}`, n)
	to := dataStart.Add(time.Duration(total-1) * step)
	from := to.Add(-time.Duration(visiblePoints-1) * step)
	jd, _ := json.Marshal(map[string]any{"prometheusUrl": url, "maxSeries": 100000, "maxTotalPoints": 1_000_000_000, "timeoutSeconds": 300})
	inst, err := plugin.NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: jd})
	if err != nil {
		return row{}, err
	}
	ds := inst.(*plugin.Datasource)
	qj, _ := json.Marshal(map[string]any{"refId": "A", "expr": expr, "detector": map[string]any{"type": detector},
		"trainingWindow": trainingWindow.String(), "output": "band"})
	req := &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", JSON: qj, Interval: step,
		MaxDataPoints: visiblePoints, TimeRange: backend.TimeRange{From: from, To: to}}}}

	vigil := func() (int, error) {
		resp, err := ds.QueryData(context.Background(), req)
		if err != nil {
			return 0, err
		}
		r := resp.Responses["A"]
		if r.Error != nil {
			return 0, r.Error
		}
		// Band output: per series a value frame, a band frame and a markers frame (docs/output-frames.md).
		if len(r.Frames) != 3*n || r.Frames[0].Rows() != visiblePoints {
			return 0, fmt.Errorf("vigil answered %d frames of %d rows, want %d of %d", len(r.Frames), r.Frames[0].Rows(), 3*n, visiblePoints)
		}
		return 0, nil
	}
	timeouts := httpclient.DefaultTimeoutOptions
	timeouts.Timeout = 300 * time.Second
	client, err := prom.New(url, httpclient.Options{Timeouts: &timeouts})
	if err != nil {
		return row{}, err
	}
	fetchStart, err := vigilFetchStart(jd, qj, req.Queries[0])
	if err != nil {
		return row{}, err
	}
	plain := func() (int, error) {
		s, err := client.QueryRange(context.Background(), prom.Range{Expr: expr, Start: fetchStart, End: to, Step: step})
		if err != nil {
			return 0, err
		}
		if len(s) != n {
			return 0, fmt.Errorf("plain query answered %d series, want %d", len(s), n)
		}
		return len(s[0].T), nil
	}
	fetched, err := plain() // warm-up (and Prometheus's caches) for both
	if err != nil {
		return row{}, err
	}
	if _, err := vigil(); err != nil {
		return row{}, err
	}
	var vigilMs, plainMs []float64
	var peak, plainPeak float64
	for range runs {
		ms, p, err := timed(plain)
		if err != nil {
			return row{}, err
		}
		plainMs, plainPeak = append(plainMs, ms), max(plainPeak, p)
		ms, p, err = timed(vigil)
		if err != nil {
			return row{}, err
		}
		vigilMs, peak = append(vigilMs, ms), max(peak, p)
	}
	v, p := median(vigilMs), median(plainMs)
	progress("%d series: Vigil %.1f ms, plain %.1f ms", n, v, p)
	return row{Series: n, Points: visiblePoints, FetchedPoints: fetched, Detector: detector, VigilMedianMs: v,
		PlainMedianMs: p, Ratio: v / p, PeakMemoryMB: peak, PlainPeakMB: plainPeak, Runs: runs}, nil
}

// timed runs fn and returns its wall time (ms) and its peak live heap above the heap before it (MB, heappeak).
func timed(fn func() (int, error)) (float64, float64, error) {
	var elapsed time.Duration
	var err error
	above := heappeak.Above(func() {
		began := time.Now()
		_, err = fn()
		elapsed = time.Since(began)
	})
	return float64(elapsed.Microseconds()) / 1000, float64(above) / (1 << 20), err
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// vigilFetchStart plans the query with the backend's own planner, so the plain query fetches what Vigil fetches.
func vigilFetchStart(settingsJSON, queryJSON []byte, dq backend.DataQuery) (time.Time, error) {
	settings, err := models.Load(backend.DataSourceInstanceSettings{JSONData: settingsJSON})
	if err != nil {
		return time.Time{}, err
	}
	q, err := query.Parse(queryJSON, settings)
	if err != nil {
		return time.Time{}, err
	}
	plan, err := query.MakePlan(q, query.PlanInput{From: dq.TimeRange.From, To: dq.TimeRange.To, Interval: dq.Interval,
		MaxDataPoints: dq.MaxDataPoints, MaxPoints: settings.MaxPoints, WarmupPoints: q.Detector.Warmup})
	return plan.FetchStart, err
}

func progress(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:backend:", err)
	os.Exit(1)
}
