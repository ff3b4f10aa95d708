package detectors_test

import (
	"math"
	"slices"
	"testing"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

// FuzzGroupEvents groups random anomaly flags over random series (NaN values, gaps, far-apart times) in the
// shape detectors return them: times strictly ascending, outputs aligned, an anomalous point scored above 1.
// Every anomalous point with a value must fall in exactly one event; events are ordered, inside the series'
// time range, start and end on anomalous points, are separated by a scored normal point (or they would be one
// event), and carry the highest score of their points at the earliest time it occurs.
func FuzzGroupEvents(f *testing.F) {
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &fuzzInput{b: data}
		n := in.uint16() % (maxFuzzPoints + 1)
		times := slices.Compact(slices.Sorted(slices.Values(in.times(n)))) // the contract: strictly ascending
		s := detectors.Series{T: times, V: in.values(len(times))}
		r := detectors.Result{
			Expected: in.values(len(times)),
			Score:    make([]float64, len(times)),
			Anomaly:  make([]bool, len(times)),
		}
		for i := range r.Score {
			c := in.byte()
			r.Anomaly[i] = c >= 192
			switch {
			case r.Anomaly[i]:
				r.Score[i] = 1 + math.Nextafter(0, 1) + float64(c-192)*99/63 // (1, 100]
			case c < 16:
				r.Score[i] = math.NaN()
			default:
				r.Score[i] = float64(c) / 64
			}
		}
		events := detectors.GroupEvents(s, r, nil)

		index := func(ts int64) int {
			i, ok := slices.BinarySearch(times, ts)
			if !ok {
				t.Fatalf("event time %d is not a time of the series", ts)
			}
			return i
		}
		flagged := func(i int) bool { return r.Anomaly[i] && !math.IsNaN(s.V[i]) }
		covered := make([]bool, len(times))
		for k, ev := range events {
			start, end, peak := index(ev.Start), index(ev.End), index(ev.PeakTime)
			if start > end || peak < start || peak > end {
				t.Fatalf("event %d: start %d, peak %d, end %d out of order", k, ev.Start, ev.PeakTime, ev.End)
			}
			if !flagged(start) || !flagged(end) {
				t.Fatalf("event %d does not start and end on anomalous points", k)
			}
			if k > 0 {
				prevEnd := index(events[k-1].End)
				if start <= prevEnd {
					t.Fatalf("event %d overlaps the previous one", k)
				}
				separated := false
				for i := prevEnd + 1; i < start; i++ {
					separated = separated || (!r.Anomaly[i] && !math.IsNaN(s.V[i]))
				}
				if !separated {
					t.Fatalf("events %d and %d are not separated by a normal point", k-1, k)
				}
			}
			points, best, bestAt := 0, math.Inf(-1), -1
			for i := start; i <= end; i++ {
				if math.IsNaN(s.V[i]) {
					continue
				}
				if !r.Anomaly[i] {
					t.Fatalf("event %d spans the normal point %d", k, i)
				}
				covered[i] = true
				points++
				if r.Score[i] > best {
					best, bestAt = r.Score[i], i
				}
			}
			if ev.Points != points || ev.MaxScore != best || peak != bestAt ||
				math.Float64bits(ev.PeakValue) != math.Float64bits(s.V[bestAt]) {
				t.Fatalf("event %d: %d points, max score %v at %d, peak value %v; want %d, %v at %d, %v",
					k, ev.Points, ev.MaxScore, peak, ev.PeakValue, points, best, bestAt, s.V[bestAt])
			}
			if ev.Direction != "up" && ev.Direction != "down" && ev.Direction != "mixed" {
				t.Fatalf("event %d: direction %q", k, ev.Direction)
			}
		}
		for i := range times {
			if flagged(i) && !covered[i] {
				t.Fatalf("anomalous point %d is in no event", i)
			}
		}
	})
}
