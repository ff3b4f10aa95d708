package detectors

import "math"

// Event is a run of contiguous anomalous points of one series (docs/detection-contract.md, "Events"). Times are Unix ms.
type Event struct {
	SeriesLabels map[string]string `json:"seriesLabels"`
	Start        int64             `json:"start"`
	End          int64             `json:"end"`
	PeakTime     int64             `json:"peakTime"`
	PeakValue    float64           `json:"peakValue"`
	// ExpectedAtPeak is NaN for detectors without an expected value (isolation forest); their events say "mixed".
	ExpectedAtPeak float64 `json:"expectedAtPeak"`
	MaxScore       float64 `json:"maxScore"`
	Direction      string  `json:"direction"` // up | down | mixed
	Points         int     `json:"points"`
}

// Markers of EventStarts: a point outside every event, a missing point.
const (
	NoEvent = -1
	Missing = -2
)

// EventStarts returns the event each point belongs to, as the index of the event's first point (NoEvent outside
// events, Missing at missing values). An event is a run of anomalous points: it ends at the first scored point
// that is not anomalous; missing points inside a run are skipped. The one rule behind GroupEvents and
// OnsetScores. Twin of eventStarts in src/detectors/events.ts.
func EventStarts(v []float64, anomaly []bool) []int {
	out := make([]int, len(v))
	start := NoEvent
	for i, x := range v {
		if math.IsNaN(x) {
			out[i] = Missing
			continue
		}
		switch {
		case !anomaly[i]:
			start = NoEvent
		case start == NoEvent:
			start = i
		}
		out[i] = start
	}
	return out
}

// OnsetScores is the onset signal: the score where nothing is going on or an event starts, 0 on the later points
// of an event (NaN where the score is): one number per anomaly however long it lasts (bench/nab writes it).
func OnsetScores(s Series, r Result) []float64 {
	starts := EventStarts(s.V, r.Anomaly)
	out := make([]float64, len(starts))
	for i, st := range starts {
		switch {
		case st == Missing:
			out[i] = nan
		case st == NoEvent || st == i:
			out[i] = r.Score[i]
		}
	}
	return out
}

// GroupEvents groups anomalous points into events (EventStarts). The peak is the highest score (the earliest on
// ties).
func GroupEvents(s Series, r Result, labels map[string]string) []Event {
	starts := EventStarts(s.V, r.Anomaly)
	var events []Event
	var cur *Event
	ups, downs := 0, 0
	closeEvent := func() {
		if cur == nil {
			return
		}
		switch {
		case ups > 0 && downs > 0:
			cur.Direction = "mixed"
		case downs > 0:
			cur.Direction = "down"
		case ups > 0:
			cur.Direction = "up"
		default:
			cur.Direction = "mixed"
		}
		events = append(events, *cur)
		cur = nil
	}
	for i, st := range starts {
		if st == Missing {
			continue
		}
		if st == NoEvent || st == i {
			closeEvent()
		}
		if st == NoEvent {
			continue
		}
		x, t, e, score := s.V[i], s.T[i], r.Expected[i], r.Score[i]
		if cur == nil {
			cur = &Event{SeriesLabels: labels, Start: t, PeakTime: t, PeakValue: x, ExpectedAtPeak: e, MaxScore: score}
			ups, downs = 0, 0
		}
		cur.End = t
		cur.Points++
		if x < e {
			downs++
		} else if x > e {
			ups++
		}
		if score > cur.MaxScore {
			cur.PeakTime, cur.PeakValue, cur.ExpectedAtPeak, cur.MaxScore = t, x, e, score
		}
	}
	closeEvent()
	return events
}
