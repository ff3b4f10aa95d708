package detectors

import "math"

// The lasting-deviation layer's constants; src/detectors/ensemble_sustained.ts says why each has its value.
const (
	cusumK           = 1.0   // CUSUM reference value κ, in spreads (Page 1954)
	cusumH           = 8.0   // the lowest CUSUM threshold, in spreads
	zClip            = 4.0   // residuals enter the lasting statistics clipped to this many spreads
	varianceHalfLife = 10.0  // half-life, in steps, of the mean squared residual
	varianceMin      = 6.0   // the lowest threshold of the variance test
	releaseH         = 3.0   // a release CUSUM reaching this says a shift has ended
	holdZ            = 2.0   // the point after a point alarm confirms a lasting deviation this many spreads off
	flatTies         = 3     // consecutive exact repeats that make a flat line ...
	flatTieRate      = 0.01  // ... in a metric where fewer than this share of samples repeat ...
	tieRateWeight    = 0.001 // ... learnt with this weight per sample ...
	flatNoise        = 10.0  // ... and whose spread is at least this many times its resolution
	heldScore        = 1.5   // the least score of a held point
	gainMin          = 0.25  // the seasonal swing's gain stays within [gainMin, gainMax]
	gainMax          = 4.0
)

type alarmKind int

const (
	alarmPoint alarmKind = iota
	alarmUp
	alarmDown
	alarmVariance
	alarmFlat
)

// sustained judges each point's residual from a reference (its seasonal swing scaled by a learnt gain, plus a
// level offset) with CUSUM, variance and
// flat-line tests, calibrated against their own history, and holds the flag while a deviation lasts, until
// adaptAfter. Twin of Sustained in src/detectors/ensemble_sustained.ts.
type sustained struct {
	adaptMs, sensitivity          float64
	sp, sn, variance, release     float64
	offset, spreadScale, gain     float64
	alarm                         bool
	onset                         float64
	kind                          alarmKind
	direction                     float64
	lastT, lastX                  float64
	ties                          int
	tieRate, lastRatio            float64
	varianceWeight, offsetWeight  float64
	onsetE, onsetS                float64
	confirmed                     bool // a point alarm's next point was also holdZ spreads off on its side
	shiftHistory, varianceHistory *timedMax
	expected, spread              float64
}

func newSustained(adaptMs, sensitivity float64) *sustained {
	return &sustained{adaptMs: adaptMs, sensitivity: sensitivity, variance: 1, spreadScale: 1, gain: 1, direction: 1,
		lastT: nan, lastX: nan, lastRatio: nan, onsetE: nan, onsetS: nan,
		shiftHistory: newTimedMax(), varianceHistory: newTimedMax(), expected: nan, spread: nan}
}

// step judges point (t, x) against the reference (baseE, baseS) and returns whether it is held flagged; center
// and swing are the seasonal profile's mean and variance over its phases (NaN for the level reference).
func (u *sustained) step(t, x, baseE, baseS float64, pointAnomaly bool, floor, stepMs, cutoff, grow float64,
	level bool, center, swing float64) bool {
	if t-u.lastT > u.adaptMs && u.adaptMs > 0 {
		// A gap longer than the adaptation time: start the offset, gain and statistics afresh.
		u.sp, u.sn, u.release, u.offset = 0, 0, 0, 0
		u.variance, u.spreadScale, u.gain = 1, 1, 1
		u.alarm = false
	}
	ratio := 1.0
	if !math.IsNaN(u.lastT) {
		ratio = (t - u.lastT) / stepMs
	}
	tie := x == u.lastX
	if tie {
		u.ties++
	} else {
		u.ties = 0
	}
	u.lastT, u.lastX = t, x
	if math.IsNaN(baseE) || !(baseS > 0) {
		return false
	}
	if u.alarm && level {
		baseE, baseS = u.onsetE, u.onsetS
	}
	if ratio != u.lastRatio {
		u.lastRatio = ratio
		u.varianceWeight = -math.Expm1((-math.Ln2 * ratio) / varianceHalfLife)
		u.offsetWeight = 1
		if u.adaptMs > 0 {
			u.offsetWeight = -math.Expm1((-math.Ln2 * ratio * stepMs) / u.adaptMs)
		}
	}
	dev := 0.0 // the profile's swing around its mean
	if !math.IsNaN(center) {
		dev = baseE - center
	}
	e := baseE + (u.gain-1)*dev + u.offset
	s := max(baseS*u.spreadScale, floor)
	u.expected, u.spread = e, s
	z := (x - e) / s
	zc := min(max(z, -zClip), zClip)
	u.sp = max(0, u.sp+zc-cusumK)
	u.sn = max(0, u.sn-zc-cusumK)
	u.variance += u.varianceWeight * (zc*zc - u.variance)
	flat := u.ties >= flatTies && u.tieRate < flatTieRate && baseS >= flatNoise*floor
	tieValue := 0.0
	if tie {
		tieValue = 1
	}
	u.tieRate += tieRateWeight * (tieValue - u.tieRate)

	u.shiftHistory.evictBefore(cutoff)
	u.varianceHistory.evictBefore(cutoff)
	hShift := max(cusumH, u.sensitivity*grow*u.shiftHistory.max())
	hVariance := max(varianceMin, u.sensitivity*grow*u.varianceHistory.max())
	u.shiftHistory.push(t, min(max(u.sp, u.sn), hShift))
	u.varianceHistory.push(t, min(u.variance, hVariance))

	if !u.alarm {
		var kind alarmKind
		switch {
		case u.sp > hShift:
			kind = alarmUp
		case u.sn > hShift:
			kind = alarmDown
		case u.variance > hVariance:
			kind = alarmVariance
		case flat:
			kind = alarmFlat
		case pointAnomaly:
			kind = alarmPoint
		default:
			// Learn the level offset and the swing's gain from the residual (robust: clipped to 3 spreads), by
			// normalised least mean squares (src/detectors/ensemble_sustained.ts has the formula).
			c := clipSpreads * s
			wr := u.offsetWeight * min(max(x-e, -c), c)
			u.offset += wr
			if dev != 0 {
				u.gain = min(max(u.gain+(2*wr*dev)/(dev*dev+max(swing, s*s)), gainMin), gainMax)
			}
			return false
		}
		u.alarm, u.kind, u.onset, u.release, u.confirmed = true, kind, t, 0, false
		u.onsetE, u.onsetS = baseE, baseS
		u.direction = 1
		if kind == alarmDown || (kind != alarmUp && z < 0) {
			u.direction = -1
		}
	}
	persists := pointAnomaly
	switch u.kind {
	case alarmUp, alarmDown:
		u.release = max(0, u.release+cusumK-u.direction*zc)
		persists = persists || u.release < releaseH
	case alarmVariance:
		persists = persists || u.variance > hVariance/2
	case alarmFlat:
		persists = persists || tie
	case alarmPoint:
		side := u.sn
		if u.direction > 0 {
			side = u.sp
		}
		switch {
		case side > hShift:
			u.kind, persists = alarmDown, true
			if u.direction > 0 {
				u.kind = alarmUp
			}
		case u.variance > hVariance:
			u.kind, persists = alarmVariance, true
		case u.confirmed:
			u.release = max(0, u.release+cusumK-u.direction*zc)
			persists = persists || u.release < releaseH
		case t != u.onset:
			// The point after the onset confirms a lasting deviation when it too is holdZ spreads off on its side.
			u.confirmed = u.direction*z >= holdZ
			persists = persists || u.confirmed
		}
	}
	if !persists {
		u.end(false, x-e)
		return false
	}
	if t-u.onset >= u.adaptMs {
		u.end(true, x-e)
		return pointAnomaly
	}
	return true
}

// end ends the alarm; with adapt, the deviation becomes the new normal.
func (u *sustained) end(adapt bool, residual float64) {
	u.alarm, u.release = false, 0
	if adapt || u.kind == alarmUp || u.kind == alarmDown {
		u.sp, u.sn = 0, 0
	}
	if !adapt {
		return
	}
	switch u.kind {
	case alarmUp, alarmDown, alarmPoint:
		u.offset += residual
	case alarmVariance:
		u.spreadScale *= math.Sqrt(max(1, u.variance))
	default:
		u.tieRate = 1
	}
	u.variance = 1
}
