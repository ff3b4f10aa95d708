package detectors

import (
	"math"
	"slices"
	"sort"
)

// RankWindow is a sliding multiset of values that answers order statistics in O(log m), m being the number of
// distinct values it may ever hold. It is the exact structure behind rolling medians (the mad detector) and is
// kept separate so other detectors can reuse it. Its TypeScript twin is src/detectors/rank_window.ts; both must
// return the same numbers.
//
// How: every value the window may hold is known in advance (a detector's whole input), so the values are sorted
// and deduplicated once ("coordinate compression", O(n log n)). The window is then a Fenwick tree (binary indexed
// tree) of counts over those ranks: add/remove are O(log m) and the k-th smallest value is an O(log m) descent of
// the tree. Knowing future values only fixes the rank numbering; the answers depend only on the values currently
// in the window, so a detector using it stays causal.
//
// Distances: the k-th smallest |x − c| over the window (the MAD is its median) is a selection from two sorted
// sequences — window values ≤ c read downwards, values > c read upwards — each readable by index through the
// tree. A binary search over how many of the k+1 smallest come from the lower side needs O(log w) probes of
// O(log m) each: O(log w · log m) per query, no allocation.
type RankWindow struct {
	values []float64 // sorted distinct values; a value's rank is its index here
	tree   []int32   // Fenwick tree of counts, 1-based: tree[i] covers ranks (i − lowbit(i), i]
	top    int       // highest power of two ≤ len(values): the first step of the descent
	size   int       // number of values in the window
}

// NewRankWindow builds an empty window over the values a caller may add later (NaN entries are ignored; the
// input is not modified).
func NewRankWindow(universe []float64) *RankWindow {
	values := make([]float64, 0, len(universe))
	for _, x := range universe {
		if !math.IsNaN(x) {
			values = append(values, x)
		}
	}
	slices.Sort(values)
	values = slices.Compact(values)
	top := 1
	for top*2 <= len(values) {
		top *= 2
	}
	if len(values) == 0 {
		top = 0
	}
	return &RankWindow{values: values, tree: make([]int32, len(values)+1), top: top}
}

// Rank returns the rank of x, which must be one of the values the window was built over (−1 otherwise).
func (w *RankWindow) Rank(x float64) int {
	r := sort.SearchFloat64s(w.values, x)
	if r == len(w.values) || w.values[r] != x {
		return -1
	}
	return r
}

// Len is the number of values in the window.
func (w *RankWindow) Len() int { return w.size }

// Add puts one value, given by its rank, into the window.
func (w *RankWindow) Add(rank int) {
	for i := rank + 1; i < len(w.tree); i += i & -i {
		w.tree[i]++
	}
	w.size++
}

// Remove takes one value, given by its rank, out of the window; the value must be in it.
func (w *RankWindow) Remove(rank int) {
	for i := rank + 1; i < len(w.tree); i += i & -i {
		w.tree[i]--
	}
	w.size--
}

// Kth returns the k-th smallest value in the window, k from 0 to Len()−1 (duplicates counted).
func (w *RankWindow) Kth(k int) float64 {
	// Descend to the largest position whose prefix count is ≤ k; the next rank holds the (k+1)-th value.
	// #nosec G115 -- k < Len(), a window of series points (capped per query far below 2^31), as the int32 counts.
	pos, remaining := 0, int32(k+1)
	for step := w.top; step > 0; step >>= 1 {
		next := pos + step
		if next < len(w.tree) && w.tree[next] < remaining {
			pos = next
			remaining -= w.tree[next]
		}
	}
	return w.values[pos]
}

// countAtMost is the number of window values ≤ c.
func (w *RankWindow) countAtMost(c float64) int {
	// Ranks 0..n−1 hold the distinct values ≤ c; the tree's prefix sum up to position n counts them.
	n := sort.Search(len(w.values), func(i int) bool { return w.values[i] > c })
	count := int32(0)
	for i := n; i > 0; i -= i & -i {
		count += w.tree[i]
	}
	return int(count)
}

// Median is numpy's median of the window: the middle value, or the mean of the two middle values for an even
// count. NaN for an empty window.
func (w *RankWindow) Median() float64 {
	n := w.size
	if n == 0 {
		return nan
	}
	if n%2 == 1 {
		return w.Kth(n / 2)
	}
	return midpoint(w.Kth(n/2-1), w.Kth(n/2))
}

// MedianAbsDeviation is numpy's median of |x − center| over the window (unscaled); NaN for an empty window.
func (w *RankWindow) MedianAbsDeviation(center float64) float64 {
	n := w.size
	if n == 0 {
		return nan
	}
	if n%2 == 1 {
		return w.KthDistance(center, n/2)
	}
	return midpoint(w.KthDistance(center, n/2-1), w.KthDistance(center, n/2))
}

// KthDistance returns the k-th smallest |x − center| over the window, k from 0 to Len()−1.
func (w *RankWindow) KthDistance(center float64, k int) float64 {
	// below[j] = center − (j-th largest value ≤ center), above[j] = (j-th smallest value > center) − center:
	// both ascend with j. Take the k+1 smallest distances from the two, i of them from below: the right i is the
	// smallest one with below[i] ≥ above[k−i] (a monotone condition), and the answer is the larger of the last
	// distance taken from each side.
	nBelow := w.countAtMost(center)
	nAbove := w.size - nBelow
	below := func(j int) float64 { return center - w.Kth(nBelow-1-j) }
	above := func(j int) float64 { return w.Kth(nBelow+j) - center }
	take := k + 1
	lo, hi := max(0, take-nAbove), min(nBelow, take)
	for lo < hi {
		i := lo + (hi-lo)/2
		if j := take - i; j > 0 && above(j-1) > below(i) {
			lo = i + 1
		} else {
			hi = i
		}
	}
	i, j := lo, take-lo
	d := math.Inf(-1)
	if i > 0 {
		d = below(i - 1)
	}
	if j > 0 {
		d = math.Max(d, above(j-1))
	}
	return d
}

// midpoint is (a + b) / 2 as numpy computes it, without overflowing to ±Inf for values near ±MaxFloat64.
func midpoint(a, b float64) float64 {
	if sum := a + b; !math.IsInf(sum, 0) {
		return sum / 2
	}
	return a/2 + b/2
}
