package main

// Benchmarks for profiling single detectors (not run by go test without -bench):
//   go test ./bench/speed/go -run '^$' -bench . -cpuprofile /tmp/cpu.out && go tool pprof -top /tmp/cpu.out

import (
	"math"
	"testing"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

func benchSeries(n int) detectors.Series {
	s := detectors.Series{T: make([]int64, n), V: make([]float64, n)}
	for i := range s.V {
		s.T[i] = int64(i) * 60000
		s.V[i] = 100 + 30*math.Sin(2*math.Pi*float64(i)/1440) + float64(i*7919%13)
	}
	return s
}

func benchDetector(b *testing.B, id string, n int) {
	s := []detectors.Series{benchSeries(n)}
	b.SetBytes(int64(8 * n))
	for b.Loop() {
		if _, err := detectors.Run(id, s, detectors.RawParams{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkZScore1e6(b *testing.B) { benchDetector(b, "zscore", 1_000_000) }
func BenchmarkEWMA1e6(b *testing.B)   { benchDetector(b, "ewma", 1_000_000) }
func BenchmarkAuto1e5(b *testing.B)   { benchDetector(b, "auto", 100_000) }
func BenchmarkAuto1e6(b *testing.B)   { benchDetector(b, "auto", 1_000_000) }
