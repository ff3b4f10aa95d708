package detectors

import (
	"math"
	"math/bits"
)

const eulerGamma = 0.5772156649015329

// averagePathLength is c(n) of Liu et al. (2008): the average path length of an unsuccessful binary-search-tree
// search among n points, used both to normalise path lengths and to credit a leaf that still holds n points.
// c(0) = c(1) = 0, c(2) = 1, c(n) = 2·H(n − 1) − 2(n − 1)/n with H(k) = ln k + γ.
func averagePathLength(n int) float64 {
	if n <= 1 {
		return 0
	}
	if n == 2 {
		return 1
	}
	return 2*(math.Log(float64(n-1))+eulerGamma) - float64(2*(n-1))/float64(n)
}

// isolationForestModel is a forest of isolation trees over rows of a flat feature matrix (row r's features at
// r·dims .. r·dims + dims − 1), rebuilt in place. Twin of src/detectors/isolation_forest_trees.ts: the same draws
// in the same order.
//
// Nodes live in slices in pre-order, so an internal node's left child is the next node and only the right child's
// index is stored. A leaf has feature −1 and keeps c(its size) in nodeValue; an internal node keeps its split
// value there. A build allocates nothing once the node pool has grown to its working size.
type isolationForestModel struct {
	trees, psi, dims int
	heightLimit      int
	normaliser       float64
	roots            []int
	sample           []int
	// featureList holds the features a node may still draw: a permutation of 0..dims−1, the identity between
	// nodes. dropped records the positions drawn for constant features at the current node, to restore it.
	featureList []int
	dropped     []int
	splitMin    float64 // range of the feature pickFeature found, over the node's points
	splitMax    float64
	nodeFeature []int
	nodeValue   []float64
	nodeRight   []int
	perm        []int
	rows        []float64
}

func newIsolationForestModel(trees, psi, dims int) *isolationForestModel {
	// A tree over psi points has at most 2·psi − 1 nodes unless a split leaves a side empty (p = min after
	// rounding); append grows the pool in that rare case.
	capacity := trees * (2*psi - 1)
	featureList := make([]int, dims)
	for f := range featureList {
		featureList[f] = f
	}
	// ceil(log2 psi), in integers.
	heightLimit := bits.Len(uint(psi - 1)) // #nosec G115 -- psi, the sample size, is validated to 2..4096
	return &isolationForestModel{
		trees: trees, psi: psi, dims: dims,
		heightLimit: heightLimit,
		normaliser:  averagePathLength(psi),
		roots:       make([]int, trees),
		sample:      make([]int, psi),
		featureList: featureList,
		dropped:     make([]int, dims),
		nodeFeature: make([]int, 0, capacity),
		nodeValue:   make([]float64, 0, capacity),
		nodeRight:   make([]int, 0, capacity),
	}
}

// build grows every tree from psi distinct rows among rows first .. first + count − 1 (count >= psi). Draw order,
// per tree: psi draws of a partial Fisher–Yates shuffle of a permutation of the training rows that starts as the
// identity at each build and carries over from tree to tree; then the tree's nodes in pre-order: a node with more
// than one point below the height limit draws features until one varies (one draw per feature tried; if none does,
// it becomes a leaf), then draws its split value.
func (m *isolationForestModel) build(rows []float64, first, count int, rng *mulberry32) {
	m.rows = rows
	if cap(m.perm) < count {
		m.perm = make([]int, count)
	}
	perm := m.perm[:count]
	for i := range perm {
		perm[i] = i
	}
	m.nodeFeature, m.nodeValue, m.nodeRight = m.nodeFeature[:0], m.nodeValue[:0], m.nodeRight[:0]
	for tree := 0; tree < m.trees; tree++ {
		for j := 0; j < m.psi; j++ {
			r := j + int(rng.uniform()*float64(count-j))
			perm[j], perm[r] = perm[r], perm[j]
			m.sample[j] = first + perm[j]
		}
		m.roots[tree] = len(m.nodeFeature)
		m.grow(0, m.psi, 0, rng)
	}
}

// anomalyMeasure is s = 2^(−mean path length / c(psi)) of the row whose first feature is features[offset].
func (m *isolationForestModel) anomalyMeasure(features []float64, offset int) float64 {
	total := 0.0
	for tree := 0; tree < m.trees; tree++ {
		node, depth := m.roots[tree], 0
		for m.nodeFeature[node] >= 0 {
			if features[offset+m.nodeFeature[node]] < m.nodeValue[node] {
				node++
			} else {
				node = m.nodeRight[node]
			}
			depth++
		}
		total += float64(depth) + m.nodeValue[node]
	}
	return math.Pow(2, -(total/float64(m.trees))/m.normaliser)
}

// grow is iTree(X, e, l) of the paper over sample[lo:hi]; it appends the subtree's nodes in pre-order.
func (m *isolationForestModel) grow(lo, hi, depth int, rng *mulberry32) {
	node := len(m.nodeFeature)
	m.nodeFeature = append(m.nodeFeature, -1)
	m.nodeValue = append(m.nodeValue, 0)
	m.nodeRight = append(m.nodeRight, 0)
	size := hi - lo
	feature := -1
	if size > 1 && depth < m.heightLimit {
		feature = m.pickFeature(lo, hi, rng)
	}
	if feature < 0 {
		m.nodeValue[node] = averagePathLength(size)
		return
	}
	split := m.splitMin + rng.uniform()*(m.splitMax-m.splitMin)
	mid := m.partition(lo, hi, feature, split)
	m.nodeFeature[node] = feature
	m.nodeValue[node] = split
	m.grow(lo, mid, depth+1, rng)
	m.nodeRight[node] = len(m.nodeFeature)
	m.grow(mid, hi, depth+1, rng)
}

// pickFeature draws the split feature uniformly among those that vary over sample[lo:hi] (a split on a constant
// one would isolate nothing): q = list[floor(u·r)] from the r features still listed; a constant q is dropped, the
// last listed feature taking its place, and the draw repeats. Costs O(node size) per draw, not O(node size · dims).
// It returns −1 when every feature is constant (all points identical); otherwise it sets splitMin/splitMax.
func (m *isolationForestModel) pickFeature(lo, hi int, rng *mulberry32) int {
	dims, list := m.dims, m.featureList
	remaining, picked := dims, -1
	for remaining > 0 {
		j := int(rng.uniform() * float64(remaining))
		f := list[j]
		lowest, highest := math.Inf(1), math.Inf(-1)
		for _, row := range m.sample[lo:hi] {
			x := m.rows[row*dims+f]
			if x < lowest {
				lowest = x
			}
			if x > highest {
				highest = x
			}
		}
		if highest > lowest {
			picked, m.splitMin, m.splitMax = f, lowest, highest
			break
		}
		m.dropped[dims-remaining] = j
		remaining--
		list[j], list[remaining] = list[remaining], f
	}
	// Undo the swaps in reverse order: the next node starts again from the features in ascending order.
	for d := dims - remaining - 1; d >= 0; d-- {
		j, last := m.dropped[d], dims-1-d
		list[j], list[last] = list[last], list[j]
	}
	return picked
}

// partition moves the points with feature < split to the front of sample[lo:hi] and returns the first other index.
func (m *isolationForestModel) partition(lo, hi, feature int, split float64) int {
	mid := lo
	for i := lo; i < hi; i++ {
		if m.rows[m.sample[i]*m.dims+feature] < split {
			m.sample[mid], m.sample[i] = m.sample[i], m.sample[mid]
			mid++
		}
	}
	return mid
}
