package detectors

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteMedian is the by-definition median: sort a copy, take the middle value or the mean of the two middle ones.
func bruteMedian(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func bruteDistances(xs []float64, center float64) []float64 {
	d := make([]float64, len(xs))
	for i, x := range xs {
		d[i] = math.Abs(x - center)
	}
	slices.Sort(d)
	return d
}

// randomValues draws n values from a small pool so windows hold many duplicates (ties are where order-statistic
// code goes wrong), or from a continuous range when distinct is true.
func randomValues(g *rand.Rand, n int, distinct bool) []float64 {
	v := make([]float64, n)
	for i := range v {
		if distinct {
			v[i] = g.NormFloat64() * 10
		} else {
			v[i] = float64(g.IntN(7)) - 3
		}
	}
	return v
}

func TestRankWindowMatchesBruteForceOnSlidingWindows(t *testing.T) {
	g := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + g.IntN(120)
		width := 1 + g.IntN(25)
		v := randomValues(g, n, trial%2 == 0)
		rw := NewRankWindow(v)
		for i, x := range v {
			rw.Add(rw.Rank(x))
			if i >= width {
				rw.Remove(rw.Rank(v[i-width]))
			}
			win := v[max(0, i-width+1) : i+1]
			if rw.Len() != len(win) {
				t.Fatalf("trial %d i %d: Len %d, want %d", trial, i, rw.Len(), len(win))
			}
			sorted := slices.Clone(win)
			slices.Sort(sorted)
			for k, want := range sorted {
				if got := rw.Kth(k); got != want {
					t.Fatalf("trial %d i %d: Kth(%d) = %v, want %v", trial, i, k, got, want)
				}
			}
			med := rw.Median()
			if want := bruteMedian(win); med != want {
				t.Fatalf("trial %d i %d: Median %v, want %v (window %v)", trial, i, med, want, win)
			}
			if got, want := rw.MedianAbsDeviation(med), bruteMedian(bruteDistances(win, med)); got != want {
				t.Fatalf("trial %d i %d: MAD %v, want %v (window %v)", trial, i, got, want, win)
			}
			// Any center, inside or outside the window's range, on a value or between values.
			center := float64(g.IntN(11)) - 5 + 0.5*float64(g.IntN(2))
			for k, want := range bruteDistances(win, center) {
				if got := rw.KthDistance(center, k); got != want {
					t.Fatalf("trial %d i %d: KthDistance(%v, %d) = %v, want %v (window %v)",
						trial, i, center, k, got, want, win)
				}
			}
		}
	}
}

func TestRankWindowEdgeCases(t *testing.T) {
	empty := NewRankWindow(nil)
	if !math.IsNaN(empty.Median()) || !math.IsNaN(empty.MedianAbsDeviation(0)) {
		t.Fatal("an empty window must give NaN median and MAD")
	}
	rw := NewRankWindow([]float64{math.NaN(), 5, 5, math.NaN()})
	if rw.Rank(5) != 0 || rw.Rank(4) != -1 || rw.Rank(math.NaN()) != -1 {
		t.Fatal("Rank must find universe values only")
	}
	for i := 0; i < 4; i++ {
		rw.Add(rw.Rank(5))
	}
	if rw.Median() != 5 || rw.MedianAbsDeviation(5) != 0 {
		t.Fatalf("constant window: median %v MAD %v, want 5 and 0", rw.Median(), rw.MedianAbsDeviation(5))
	}
}

func TestRankWindowQueriesDoNotAllocate(t *testing.T) {
	v := randomValues(rand.New(rand.NewPCG(3, 4)), 500, true)
	rw := NewRankWindow(v)
	for _, x := range v[:64] {
		rw.Add(rw.Rank(x))
	}
	allocs := testing.AllocsPerRun(100, func() {
		r := rw.Rank(v[100])
		rw.Add(r)
		med := rw.Median()
		_ = rw.MedianAbsDeviation(med)
		rw.Remove(r)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per query, want 0", allocs)
	}
}
