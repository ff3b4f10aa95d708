// Command speed runs one bench:speed case in Go: go run ./bench/speed/go DIR DETECTOR SIZE (run.sh builds it
// once and starts a fresh process per case, so the peak RSS belongs to that case only).
// It prints one JSON line: points, seconds per run, points/s, peak RSS (getrusage ru_maxrss) and the RSS before
// the detector ran, and the bytes one run allocates (runtime.MemStats.TotalAlloc).
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

type size struct {
	Name   string `json:"name"`
	Series int    `json:"series"`
	Points int    `json:"points"`
}

type cases struct {
	StepMs    int64  `json:"stepMs"`
	StartMs   int64  `json:"startMs"`
	GroupSize int    `json:"groupSize"`
	Sizes     []size `json:"sizes"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/speed/go:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 5 {
		return fmt.Errorf("usage: speed SIZES_JSON DIR DETECTOR SIZE")
	}
	sizesPath, dir, id, sizeName := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	var c cases
	raw, err := os.ReadFile(sizesPath) // #nosec G703 -- a local benchmark reads the files its runner names
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return err
	}
	var sz *size
	for i := range c.Sizes {
		if c.Sizes[i].Name == sizeName {
			sz = &c.Sizes[i]
		}
	}
	if sz == nil {
		return fmt.Errorf("unknown size %q", sizeName)
	}
	det, err := detectors.Get(id)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(dir, sz.Name+".f64")) // #nosec G703 -- as above
	if err != nil {
		return err
	}
	all := make([]float64, len(data)/8)
	for i := range all {
		all[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	data = nil
	groups := inputs(c, *sz, all, det.Multivariate)
	points := 0
	for _, g := range groups {
		for _, s := range g {
			points += len(s.V)
		}
	}
	runOnce := func() (float64, error) {
		started := time.Now()
		for _, g := range groups {
			if _, err := detectors.Run(id, g, detectors.RawParams{}); err != nil {
				return 0, err
			}
		}
		return time.Since(started).Seconds(), nil
	}

	runtime.GC()
	baseRSS := maxRSSKB()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	first, err := runOnce()
	if err != nil {
		return err
	}
	runtime.ReadMemStats(&after)
	peakRSS := maxRSSKB() // the first run's peak only, as in the TS runner
	// Repeat short cases for at least a second; the first run is dropped when there are others.
	var times []float64
	total := first
	for total < 1 && len(times) < 1000 {
		s, err := runOnce()
		if err != nil {
			return err
		}
		times = append(times, s)
		total += s
	}
	if len(times) == 0 {
		times = append(times, first)
	}
	sort.Float64s(times)
	seconds := times[len(times)/2]
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"lang":         "go",
		"detector":     id,
		"size":         sz.Name,
		"points":       points,
		"runs":         len(times),
		"seconds":      seconds,
		"pointsPerSec": float64(points) / seconds,
		"peakRssMB":    float64(peakRSS) / 1024,
		"baseRssMB":    float64(baseRSS) / 1024,
		"allocMB":      float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20),
	})
}

// inputs cuts the data into the series each Run call gets: one series per call for a univariate detector;
// for a group detector a one-series size is split into GroupSize series and the fleet is grouped in order.
func inputs(c cases, sz size, all []float64, multivariate bool) [][]detectors.Series {
	length := sz.Points
	if sz.Series == 1 && multivariate {
		length = sz.Points / c.GroupSize
	}
	t := make([]int64, length)
	for i := range t {
		t[i] = c.StartMs + int64(i)*c.StepMs
	}
	var series []detectors.Series
	for s := 0; (s+1)*length <= len(all); s++ {
		series = append(series, detectors.Series{T: t, V: all[s*length : (s+1)*length]})
	}
	if !multivariate {
		groups := make([][]detectors.Series, len(series))
		for i, s := range series {
			groups[i] = []detectors.Series{s}
		}
		return groups
	}
	var groups [][]detectors.Series
	for s := 0; s+c.GroupSize <= len(series); s += c.GroupSize {
		groups = append(groups, series[s:s+c.GroupSize])
	}
	return groups
}

func maxRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Maxrss
}
