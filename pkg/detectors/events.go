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

// GroupEvents groups anomalous points into events. A run ends at the first scored point that is not anomalous;
// missing points (NaN value) inside a run are skipped, as the anomaly rules skip them. The peak is the highest
// score (the earliest on ties).
func GroupEvents(s Series, r Result, labels map[string]string) []Event {
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
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if !r.Anomaly[i] {
			closeEvent()
			continue
		}
		t, e, score := s.T[i], r.Expected[i], r.Score[i]
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
