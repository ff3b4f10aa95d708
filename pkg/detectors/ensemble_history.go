package detectors

// timedMax is the maximum of the values pushed within a time window, in amortised O(1): a monotonic queue of
// (time, value) whose values decrease from front to back. Twin of TimedMax in src/detectors/ensemble_history.ts.
type timedMax struct {
	pushed       int
	times        []float64
	values       []float64
	head, length int
}

func newTimedMax() *timedMax {
	return &timedMax{times: make([]float64, 64), values: make([]float64, 64)}
}

// evictBefore drops the values pushed before cutoff.
func (m *timedMax) evictBefore(cutoff float64) {
	for m.length > 0 && m.times[m.head] < cutoff {
		if m.head++; m.head == len(m.times) {
			m.head = 0
		}
		m.length--
	}
}

func (m *timedMax) push(t, x float64) {
	m.pushed++
	for m.length > 0 && m.values[(m.head+m.length-1)%len(m.times)] <= x {
		m.length--
	}
	if m.length == len(m.times) {
		n := len(m.times)
		times, values := make([]float64, 2*n), make([]float64, 2*n)
		for j := range m.length {
			times[j], values[j] = m.times[(m.head+j)%n], m.values[(m.head+j)%n]
		}
		m.times, m.values, m.head = times, values, 0
	}
	at := (m.head + m.length) % len(m.times)
	m.times[at], m.values[at] = t, x
	m.length++
}

// max is the largest value in the window, 0 when empty.
func (m *timedMax) max() float64 {
	if m.length == 0 {
		return 0
	}
	return m.values[m.head]
}

// flaggedScores holds the flagged scores within a time window; only their second largest counts in the
// calibration, so one outlier never raises the bar while a level reached twice does. Twin of FlaggedScores.
type flaggedScores struct {
	times, values []float64
}

func (f *flaggedScores) evictBefore(cutoff float64) {
	k := 0
	for k < len(f.times) && f.times[k] < cutoff {
		k++
	}
	if k > 0 {
		f.times = append(f.times[:0], f.times[k:]...)
		f.values = append(f.values[:0], f.values[k:]...)
	}
}

func (f *flaggedScores) push(t, x float64) {
	f.times = append(f.times, t)
	f.values = append(f.values, x)
}

// second is the second largest value (0 with fewer than two).
func (f *flaggedScores) second() float64 {
	a, b := 0.0, 0.0
	for _, x := range f.values {
		if x > a {
			a, b = x, a
		} else if x > b {
			b = x
		}
	}
	if len(f.values) < 2 {
		return 0
	}
	return b
}
