package plugin

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Edge cases a new user found, over the plugin protocol against the real Prometheus: a step longer than the range,
// series whose values are all ±Inf, and a range past 2262.
func TestRangeEdgesOverPluginProtocol(t *testing.T) {
	srv := needPrometheus(t)
	plugin := launchBackend(t)

	// An alert rule on a data source whose scrape interval (timeInterval) is 1h evaluates a 5-minute range that
	// holds no whole hour. The point scored is the last hour at or before the range's end (Prometheus shows the
	// latest sample within its 5-minute lookback there), never the next hour, which lies in the future and, past the
	// data's end, had no value: NoData and a notice about pods that are gone.
	t.Run("step longer than the range", func(t *testing.T) {
		settings := settingsFor(srv.URL, map[string]any{"timeInterval": "1h", "defaultTrainingWindow": "2d"}, nil)
		from := dataStart.Add(48*time.Hour + time.Minute) // one minute after the last sample's hour, 48:00
		to := from.Add(5 * time.Minute)
		q := backend.DataQuery{RefID: "A", JSON: []byte(`{"refId":"A","expr":"vigil_it_requests{instance=\"c\"}",` +
			`"detector":{"type":"zscore","params":{"window":24}}}`), Interval: time.Second, MaxDataPoints: 43200,
			TimeRange: backend.TimeRange{From: from, To: to}}
		r := plugin.query(t, alertRequest(settings, q)).Responses["A"]
		if r.Error != nil {
			t.Fatalf("query: %v", r.Error)
		}
		checkTimeSeriesMulti(t, r.Frames, "score")
		f := r.Frames[0]
		hour := dataStart.Add(48 * time.Hour)
		if f.Rows() != 1 || !timeAt(f.Fields[0], 0).Equal(hour) || f.Fields[1].Labels["instance"] != "c" {
			t.Fatalf("want one score of instance c at %s (the last hour before %s), got %d rows %v", hour, to,
				f.Rows(), f.Fields)
		}
		if s := floatAt(f.Fields[1], 0); s != s {
			t.Errorf("the score at %s is null; the sample 1m before it is within Prometheus' lookback: %q", hour, noticeTexts(f))
		}
		notes := noticeTexts(f)
		if !strings.Contains(notes, "The step 1h is longer than the range (5m)") ||
			!strings.Contains(notes, "choose a step of at most 5m") || strings.Contains(notes, "pods that are gone") {
			t.Errorf("notices do not say the step is longer than the range, or mislead: %q", notes)
		}
	})

	// A series whose every value is ±Inf (a division by zero) has no value to score: the notice says so, not that
	// the query returned no series or that the series is only in the history.
	t.Run("all values ±Inf", func(t *testing.T) {
		settings := settingsFor(srv.URL, map[string]any{"defaultTrainingWindow": "1d"}, nil)
		q := dataQuery("B", map[string]any{"expr": `vigil_it_requests{instance=~"a|c"} / 0`, "output": "score"})
		r := plugin.query(t, panelRequest(settings, q)).Responses["B"]
		if r.Error != nil {
			t.Fatalf("query: %v", r.Error)
		}
		notes := noticeTexts(r.Frames[0])
		if !strings.Contains(notes, "2 of the 2 series have only +Inf or -Inf values in the time range") ||
			strings.Contains(notes, "pods that are gone") || strings.Contains(notes, "returned no series") {
			t.Errorf("notices do not name the ±Inf values: %q", notes)
		}
	})

	// Grafana converts a time range to Unix ms through nanoseconds (UnixNano), so a range in 2300 reaches the
	// plugin wrapped around to 1715, as backend.ToProto sends it here: refused with a message, not run.
	t.Run("range after 2262", func(t *testing.T) {
		settings := settingsFor(srv.URL, nil, nil)
		from := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
		q := backend.DataQuery{RefID: "C", JSON: []byte(`{"refId":"C","expr":"vigil_it_requests"}`),
			Interval: time.Minute, MaxDataPoints: 1000, TimeRange: backend.TimeRange{From: from, To: from.Add(24 * time.Hour)}}
		r := plugin.query(t, panelRequest(settings, q)).Responses["C"]
		wantError(t, r, backend.StatusBadRequest, backend.ErrorSourceDownstream, "outside the times Vigil can query",
			"1970-01-01 to 2262-04-11", "choose a range between 1970 and 2262")
	})
}
