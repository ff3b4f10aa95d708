package detectors

import "math"

// LevelShift detects sudden level or slope changes by a two-window comparison in time. Twin of
// src/detectors/level_shift.ts, where the formulas are written out. With S the series step (step.go), w =
// window and r = recent, for the valid point i:
//
//	recent    R = i and the valid points before it with t > t_i − r·S, at most r (the newest)
//	reference F = the valid points before those with t > t_i − (w + r)·S, at most w (the newest)
//	a + b·u   = the least-squares line of F over u = (t − t_i)/S, fitted to F's entries (values clipped to their
//	            own band ± 3 spreads when they had one)
//	expected_i = a,  spread = max(√(Σ residual² / (|F| − 2)), floor(a)),  band = expected ∓ sensitivity·spread
//	level_i  = a + mean over R of (value − line),  scored against the band (physical bounds from the values)
//
// An output once the series has been seen for (w + r − 1)·S and F holds max(3, ceil(w/2)) points. Cost:
// O(n·(w + r)) (the line is refitted from its points at every point), O(w + r) memory plus the level slice.
var LevelShift = &Detector{
	ID:          "level_shift",
	Name:        "Level shift",
	Description: "Compares the last few points with the trend line of the window before them; for sudden steps.",
	Params: append([]ParamSpec{
		intParam("window", 60, 3, 100000,
			"Steps of time (points at the series step) in the reference window whose trend line gives the expected value."),
		intParam("recent", 5, 1, 1000,
			"Latest steps of time (the current point included) whose mean offset from the trend line is scored."),
	}, commonParams(ParamSpec{
		Description: "Band half-width in residual standard deviations of the reference trend line.",
	})...),
	Warmup: func(p Params) int { return p.Int("window") + p.Int("recent") - 1 },
	Detect: detectLevelShift,
}

func detectLevelShift(s Series, p Params) Result {
	w, rc := p.Int("window"), p.Int("recent")
	k := p.Float("sensitivity")
	n := len(s.V)
	capacity := w + rc - 1 // entries kept before the current point
	r := emptyResult(n, capacity)
	level := make([]float64, n)
	for i := range level {
		level[i] = nan
	}
	minReference := max(3, (w+1)/2)
	ringT := make([]float64, capacity)
	ringY := make([]float64, capacity)
	ringC := make([]float64, capacity)
	var steps stepEstimate
	var res resolution
	head, count := 0, 0
	first, seen := 0.0, false
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		t := float64(s.T[i])
		if !seen {
			first, seen = t, true
		}
		S := steps.add(s.T[i])
		entry := x
		if S > 0 && t-first >= float64(w+rc-1)*S {
			j := count - 1
			nRecent := 1
			recentSum, recentU := x, 0.0
			for j >= 0 && nRecent < rc {
				q := (head + j) % capacity
				if !(ringT[q] > t-float64(rc)*S) {
					break
				}
				recentSum += ringY[q]
				recentU += (ringT[q] - t) / S
				nRecent++
				j--
			}
			refEnd := j
			refStart := refEnd + 1
			for refStart > 0 && refEnd-refStart+1 < w && ringT[(head+refStart-1)%capacity] > t-float64(w+rc)*S {
				refStart--
			}
			if m := refEnd - refStart + 1; m >= minReference {
				meanU, meanY := 0.0, 0.0
				for a := refStart; a <= refEnd; a++ {
					q := (head + a) % capacity
					meanU += (ringT[q] - t) / S
					meanY += ringC[q]
				}
				meanU /= float64(m)
				meanY /= float64(m)
				suu, suy := 0.0, 0.0
				for a := refStart; a <= refEnd; a++ {
					q := (head + a) % capacity
					du := (ringT[q]-t)/S - meanU
					suu += du * du
					suy += du * (ringC[q] - meanY)
				}
				slope := suy / suu
				intercept := meanY - slope*meanU
				sse := 0.0
				for a := refStart; a <= refEnd; a++ {
					q := (head + a) % capacity
					d := ringC[q] - (intercept + slope*((ringT[q]-t)/S))
					sse += d * d
				}
				e := intercept
				spread := math.Sqrt(sse / float64(m-2))
				if f := res.floor(e); f > spread {
					spread = f
				}
				r.Expected[i], r.Lower[i], r.Upper[i] = e, e-k*spread, e+k*spread
				level[i] = e + (recentSum-float64(nRecent)*intercept-slope*recentU)/float64(nRecent)
				c := clipSpreads * spread
				entry = min(max(x, e-c), e+c)
			}
		}
		if count == capacity {
			if head++; head == capacity {
				head = 0
			}
			count--
		}
		q := (head + count) % capacity
		ringT[q], ringY[q], ringC[q] = t, x, entry
		count++
		res.add(x)
	}
	// The recent level, not the point, is scored against the point's band; physical bounds come from the values.
	return scoreAgainstBand(level, r, p, s.V)
}
