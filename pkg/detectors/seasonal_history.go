package detectors

import (
	"math"
	"slices"
)

// phaseHistory is the per-phase memory of the Seasonal detector: the last depth values seen in each phase of the
// season, kept in ring buffers, plus for every phase whose ring is full its median and its leave-one-out
// deviations (each value's distance from the median of the phase's other depth − 1 values). Both are recomputed
// only when that phase receives a value — O(depth·log depth) per added point — so a lookup costs O(1).
//
// Phases get storage on first use (a map from phase number to a slot, sized once for the largest possible number
// of slots so adding never reallocates), so memory is O(slots·depth) with slots = min(phases per season, valid
// points): a weekly season at a 1 s step does not allocate 604 800 rings for a 6-hour query.
type phaseHistory struct {
	depth      int
	slotOf     map[int64]int32
	values     []float64 // slot·depth + k: the rings
	counts     []int32
	heads      []int32
	medians    []float64 // median of each full slot's ring (NaN until full)
	deviations []float64 // slot·depth + k: the leave-one-out deviations of a full slot's ring
	sorted     []float64 // scratch
}

func newPhaseHistory(maxSlots, depth int) *phaseHistory {
	h := &phaseHistory{
		depth:      depth,
		slotOf:     make(map[int64]int32, maxSlots),
		values:     make([]float64, maxSlots*depth),
		counts:     make([]int32, maxSlots),
		heads:      make([]int32, maxSlots),
		medians:    make([]float64, maxSlots),
		deviations: make([]float64, maxSlots*depth),
		sorted:     make([]float64, depth),
	}
	for i := range h.medians {
		h.medians[i] = nan
	}
	return h
}

// fullSlot returns the slot of a phase whose ring holds depth values, or −1 (no data yet, or still filling).
func (h *phaseHistory) fullSlot(phase int64) int {
	slot, ok := h.slotOf[phase]
	if !ok || int(h.counts[slot]) != h.depth {
		return -1
	}
	return int(slot)
}

// add appends x to the phase's ring (the oldest value drops out once full) and refreshes its cached statistics.
func (h *phaseHistory) add(phase int64, x float64) {
	slot, ok := h.slotOf[phase]
	if !ok {
		slot = int32(len(h.slotOf)) // #nosec G115 -- fewer than maxSlots (at most the series' points)
		h.slotOf[phase] = slot
	}
	d := h.depth
	base := int(slot) * d
	h.values[base+int(h.heads[slot])] = x
	h.heads[slot]++
	if int(h.heads[slot]) == d {
		h.heads[slot] = 0
	}
	if int(h.counts[slot]) < d {
		h.counts[slot]++
		if int(h.counts[slot]) < d {
			return
		}
	}
	s := h.sorted
	copy(s, h.values[base:base+d])
	slices.Sort(s)
	h.medians[slot] = seasonalSortedMedian(s)
	for j := 0; j < d; j++ {
		h.deviations[base+j] = math.Abs(s[j] - seasonalMedianWithout(s, j))
	}
}

// seasonalSortedMedian is the median of an ascending slice.
// selectMedian is numpy's median of a (the mean of the two middle values for even lengths) by selection in O(n)
// (quickselect with a median-of-three pivot, as selectMedian in src/detectors/seasonal_history.ts); it reorders a.
// NaN for an empty slice.
func selectMedian(a []float64) float64 {
	n := len(a)
	if n == 0 {
		return nan
	}
	k := (n - 1) >> 1
	lower := selectKth(a, k)
	if n%2 == 1 {
		return lower
	}
	upper := a[k+1]
	for _, x := range a[k+2:] {
		if x < upper {
			upper = x
		}
	}
	return (lower + upper) / 2
}

// selectKth returns the k-th smallest of a, leaving a[:k] <= a[k] <= a[k+1:].
func selectKth(a []float64, k int) float64 {
	lo, hi := 0, len(a)-1
	for hi > lo {
		mid := (lo + hi) >> 1
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[mid] < a[hi] {
			a[mid], a[hi] = a[hi], a[mid]
		}
		pivot := a[hi]
		store := lo
		for j := lo; j < hi; j++ {
			if a[j] < pivot {
				a[j], a[store] = a[store], a[j]
				store++
			}
		}
		a[store], a[hi] = a[hi], a[store]
		if store == k {
			return a[k]
		}
		if store < k {
			lo = store + 1
		} else {
			hi = store - 1
		}
	}
	return a[k]
}

func seasonalSortedMedian(s []float64) float64 {
	n := len(s)
	m := n >> 1
	if n%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// seasonalMedianWithout is the median of an ascending slice with the element at index j left out (len(s) ≥ 2).
func seasonalMedianWithout(s []float64, j int) float64 {
	n := len(s)
	h := (n - 1) >> 1
	upper := s[h]
	if h >= j {
		upper = s[h+1]
	}
	if (n-1)%2 == 1 {
		return upper
	}
	lower := s[h-1]
	if h-1 >= j {
		lower = s[h]
	}
	return (lower + upper) / 2
}
