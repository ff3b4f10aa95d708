package plugin

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// Issues 14 and 15 over the plugin protocol: the built backend launched as Grafana launches it, against the real
// Prometheus of TestMain, with the series of fitSeries.

var (
	fitStart  = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	fitEnd    = fitStart.Add(48 * time.Hour) // the data ends here: "now" for the alert queries
	fitScrape = 15 * time.Second
	// The pod-churn case (cases README, "backend: pod churn"): 24 pods of one deployment, each alive for 2 hours
	// in turn.
	podLife = 2 * time.Hour
	pods    = 24
	// A daily peak at 19:00 on the clock of Paris, across the change to summer time on 30 March 2025.
	dailyStart = time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC)
	dailyDays  = 17
	paris, _   = time.LoadLocation("Europe/Paris")
)

// fitSettings are instance settings with their own UID: the plugin process keeps one instance per data source
// UID, as it does under Grafana, so settings that differ must come as different data sources.
func fitSettings(url string, jsonData map[string]any) backend.DataSourceInstanceSettings {
	s := settingsFor(url, jsonData, nil)
	s.UID = fmt.Sprintf("vigil-fit-%x", s.JSONData)
	return s
}

func fitSeries() []promtest.Series {
	rng := uint32(2024)
	noise := func() float64 {
		rng ^= rng << 13
		rng ^= rng >> 17
		rng ^= rng << 5
		return float64(rng)/float64(1<<31) - 1
	}
	perPod := int(podLife / fitScrape)
	var out []promtest.Series
	for p := range pods {
		v := make([]float64, perPod)
		for i := range v {
			v[i] = 200 + float64(p) + 2*noise()
		}
		out = append(out, promtest.Series{Name: "vigil_fit_pod_memory",
			Labels: map[string]string{"deployment": "web", "pod": fmt.Sprintf("web-%d", p)},
			Start:  fitStart.Add(time.Duration(p) * podLife), Step: fitScrape, Values: v})
	}
	// The same pod's peak memory: a series whose labels differ from web-23's only in the metric name.
	last := out[len(out)-1]
	peak := slices.Clone(last.Values)
	for i := range peak {
		peak[i] += 10
	}
	out = append(out, promtest.Series{Name: "vigil_fit_pod_memory_peak", Labels: last.Labels, Start: last.Start,
		Step: last.Step, Values: peak})
	// A counter of requests at about 10 per second with a daily wave.
	n := int(fitEnd.Sub(fitStart) / fitScrape)
	total, counter := 0.0, make([]float64, n)
	for i := range counter {
		total += fitScrape.Seconds() * (10 + 3*math.Sin(2*math.Pi*float64(i)/5760) + 0.5*noise())
		counter[i] = math.Round(total)
	}
	out = append(out, promtest.Series{Name: "vigil_fit_requests_total", Labels: map[string]string{"job": "api"},
		Start: fitStart, Step: fitScrape, Values: counter})
	// A gauge pushed every 15 minutes (cases README, "sparse-15m-pushed").
	pushed := make([]float64, int(fitEnd.Sub(fitStart)/(15*time.Minute)))
	for i := range pushed {
		pushed[i] = 500 + 20*noise()
	}
	out = append(out, promtest.Series{Name: "vigil_fit_pushed", Labels: map[string]string{"source": "batch"},
		Start: fitStart, Step: 15 * time.Minute, Values: pushed})
	// Every 5 minutes, 10 ± 0.5, and 50 from 19:00 to 20:00 Paris time.
	daily := make([]float64, dailyDays*288)
	for i := range daily {
		at := dailyStart.Add(time.Duration(i) * 5 * time.Minute).In(paris)
		daily[i] = 10 + 0.5*noise()
		if at.Hour() == 19 {
			daily[i] += 40
		}
	}
	out = append(out, promtest.Series{Name: "vigil_fit_daily", Labels: map[string]string{"site": "paris"},
		Start: dailyStart, Step: 5 * time.Minute, Values: daily})
	return out
}

// fitQuery is a query over [from, to) with Grafana's interval and max data points.
func fitQuery(refID string, from, to time.Time, interval time.Duration, maxDataPoints int64, fields map[string]any) backend.DataQuery {
	q := dataQuery(refID, fields)
	q.TimeRange = backend.TimeRange{From: from, To: to}
	q.Interval, q.MaxDataPoints = interval, maxDataPoints
	return q
}

func TestFitOverPluginProtocol(t *testing.T) {
	srv := needPrometheus(t)
	plugin := launchBackend(t)
	settings := fitSettings(srv.URL, nil)
	// An alert rule's query as Grafana runs it: the last 10 minutes, the rule editor's interval (1s) and max data
	// points (43200).
	alertQuery := func(refID string, fields map[string]any) backend.DataQuery {
		return fitQuery(refID, fitEnd.Add(-10*time.Minute), fitEnd, time.Second, 43200, fields)
	}

	// Issue 14, item 1: rules and expressions without an output get score; band there (and events from rules) is
	// a per-query error naming score and anomaly; what they read is never duplicate series.
	t.Run("alerting defaults", func(t *testing.T) {
		expr := `{__name__=~"vigil_fit_pod_memory|vigil_fit_pod_memory_peak", pod="web-23"}`
		plain := map[string]any{"expr": expr, "trainingWindow": "1h"}
		with := func(output string) map[string]any {
			return map[string]any{"expr": expr, "trainingWindow": "1h", "output": output}
		}
		for name, req := range map[string]*backend.QueryDataRequest{
			"rule":       alertRequest(settings, alertQuery("N", plain), alertQuery("B", with("band")), alertQuery("E", with("events")), alertQuery("A", with("anomaly"))),
			"expression": expressionRequest(settings, alertQuery("N", plain), alertQuery("B", with("band")), alertQuery("E", with("events")), alertQuery("A", with("anomaly"))),
		} {
			resp := plugin.query(t, req)
			n := resp.Responses["N"]
			if n.Error != nil {
				t.Fatalf("%s without an output: %v", name, n.Error)
			}
			checkTimeSeriesMulti(t, n.Frames, "score")
			if len(n.Frames) != 2 {
				t.Errorf("%s: want the two series (same labels but __name__) as two score frames, got %d", name, len(n.Frames))
			}
			checkUniqueForSSE(t, name+" score", n.Frames)
			checkTimeSeriesMulti(t, resp.Responses["A"].Frames, "anomaly")
			checkUniqueForSSE(t, name+" anomaly", resp.Responses["A"].Frames)
			wantError(t, resp.Responses["B"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
				"output band is for panels", "choose output score", "anomaly", "or threshold")
			if name == "rule" {
				wantError(t, resp.Responses["E"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
					"output events is a table", "choose output score")
			} else if e := resp.Responses["E"]; e.Error != nil || len(e.Frames) != 1 || e.Frames[0].Name != "events" {
				t.Errorf("expression: events must stay available as a table (SQL expressions), got %v", e.Error)
			} else if _, err := sseLabelSets(e.Frames); err == nil {
				t.Errorf("expression: the events table must not be read as series")
			}
		}
		// A panel keeps band by default; its frames are what expressions would read as duplicate series, which
		// is why band is refused there (and shows the check above can fail).
		resp := plugin.query(t, panelRequest(settings, alertQuery("P", plain)))
		p := resp.Responses["P"]
		if v, _ := p.Frames[0].FieldByName("value"); p.Error != nil || v == nil {
			t.Fatalf("panel without an output: want band frames, got %v", p.Error)
		}
		sets, err := sseLabelSets(p.Frames)
		if err != nil || len(sets) == len(uniqueStrings(sets)) {
			t.Errorf("band frames were expected to read as duplicate series (%v, %d sets)", err, len(sets))
		}
	})

	// Issue 14, item 2: Grafana's interval and range variables are replaced on the server, with the query's step
	// and the data source's scrape interval, and a notice names the values.
	t.Run("variables", func(t *testing.T) {
		resp := plugin.query(t, alertRequest(settings,
			alertQuery("R", map[string]any{"expr": "rate(vigil_fit_requests_total[$__rate_interval])", "trainingWindow": "2h"}),
			alertQuery("G", map[string]any{"expr": "increase(vigil_fit_requests_total[${__range}]) / $__range_s + 0 * $__interval_ms", "trainingWindow": "2h"}),
		))
		for refID, want := range map[string][]string{
			"R": {"rate(vigil_fit_requests_total[1m])", "$__rate_interval = 1m (max(step 15s + scrape interval 15s, 4 × scrape interval))"},
			"G": {"increase(vigil_fit_requests_total[600s]) / 600 + 0 * 15000", "$__range = 600s (the query's time range)", "$__interval_ms = 15000 (the detection step)"},
		} {
			r := resp.Responses[refID]
			if r.Error != nil {
				t.Fatalf("%s: %v", refID, r.Error)
			}
			checkTimeSeriesMulti(t, r.Frames, "score")
			meta := r.Frames[0].Meta
			if !strings.Contains(meta.ExecutedQueryString, want[0]) {
				t.Errorf("%s: executed %q, want %q", refID, meta.ExecutedQueryString, want[0])
			}
			for _, w := range want[1:] {
				if !strings.Contains(noticeTexts(r.Frames[0]), w) {
					t.Errorf("%s: notices %q lack %q", refID, noticeTexts(r.Frames[0]), w)
				}
			}
			if !hasValue(r.Frames[0].Fields[1]) {
				t.Errorf("%s: no score in the evaluated range", refID)
			}
		}
		// The data source's scrape interval setting: 30s gives a 30s step and $__rate_interval = 2m.
		slow := fitSettings(srv.URL, map[string]any{"timeInterval": "30s"})
		r := plugin.query(t, alertRequest(slow, alertQuery("R", map[string]any{
			"expr": "rate(vigil_fit_requests_total[$__rate_interval])", "trainingWindow": "2h"}))).Responses["R"]
		if r.Error != nil || !strings.Contains(r.Frames[0].Meta.ExecutedQueryString, "[2m]) start=") ||
			!strings.Contains(r.Frames[0].Meta.ExecutedQueryString, "step=30s") {
			t.Errorf("scrape interval 30s: %v %q", r.Error, r.Frames[0].Meta.ExecutedQueryString)
		}
	})

	// Issue 14, item 3 and issue 15, kind 6: Grafana's Prometheus step for the panel, the history cut instead of the
	// step, and a series pushed every 15 minutes read at its own interval (at most the 5-minute lookback).
	t.Run("step choice", func(t *testing.T) {
		expr := map[string]any{"expr": "rate(vigil_fit_requests_total[$__rate_interval])"}
		pushed := map[string]any{"expr": "vigil_fit_pushed", "trainingWindow": "1d", "output": "score"}
		resp := plugin.query(t, panelRequest(settings,
			fitQuery("H", fitEnd.Add(-time.Hour), fitEnd, 15*time.Second, 1200, expr),
			fitQuery("D", fitEnd.Add(-24*time.Hour), fitEnd, time.Minute, 1440, expr),
			fitQuery("S", fitEnd.Add(-6*time.Hour), fitEnd, time.Minute, 1000, pushed),
		))
		for refID, want := range map[string]struct {
			rows  int
			words []string
		}{
			"H": {241, []string{"Detection step 15s (auto: Grafana's Prometheus step for this query, 15s", "History: 1d20h49m45s of the 1w asked for"}},
			"D": {1441, []string{"Detection step 1m (auto: Grafana's Prometheus step for this query, 1m", "History: 6d15h19m of the 1w asked for"}},
			"S": {73, []string{"Detection step 5m (auto: the series' own sample interval, 15m measured from the data, at most Prometheus' lookback of 5m"}},
		} {
			r := resp.Responses[refID]
			if r.Error != nil {
				t.Fatalf("%s: %v", refID, r.Error)
			}
			t.Logf("%s: %d points; %s", refID, r.Frames[0].Rows(), strings.ReplaceAll(noticeTexts(r.Frames[0]), "\n", " | "))
			if rows := r.Frames[0].Rows(); rows != want.rows {
				t.Errorf("%s: %d points in the range, want %d", refID, rows, want.rows)
			}
			for _, w := range want.words {
				if !strings.Contains(noticeTexts(r.Frames[0]), w) {
					t.Errorf("%s: notices %q lack %q", refID, noticeTexts(r.Frames[0]), w)
				}
			}
		}
		// At its own interval every sample of the pushed gauge appears once: no two neighbouring points repeat it.
		s := resp.Responses["S"].Frames[0]
		for i := 1; i < s.Rows(); i++ {
			if x, y := floatAt(s.Fields[1], i-1), floatAt(s.Fields[1], i); x == x && x == y {
				t.Fatalf("score repeats at %s: a sample counted twice", timeAt(s.Fields[0], i))
			}
		}
	})

	// Issue 15, kind 5: seasons follow the query's time zone (the frontend sends the dashboard's), rules the data
	// source's default (UTC when unset), across the change to summer time.
	t.Run("time zone", func(t *testing.T) {
		from, to := time.Date(2025, 3, 30, 12, 0, 0, 0, time.UTC), time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)
		query := func(refID, tz string) backend.DataQuery {
			fields := map[string]any{"expr": "vigil_fit_daily", "trainingWindow": "9d", "output": "anomaly",
				"detector": map[string]any{"type": "seasonal"}}
			if tz != "" {
				fields["timezone"] = tz
			}
			return fitQuery(refID, from, to, 5*time.Minute, 1000, fields)
		}
		resp := plugin.query(t, panelRequest(settings, query("UTC", "UTC"), query("PARIS", "Europe/Paris"),
			query("GRAFANA", "utc"), query("BAD", "Mars/Olympus")))
		flagged := map[string]int{}
		for _, refID := range []string{"UTC", "PARIS", "GRAFANA"} {
			r := resp.Responses[refID]
			if r.Error != nil {
				t.Fatalf("%s: %v", refID, r.Error)
			}
			flagged[refID] = countOnes(r.Frames[0].Fields[1])
		}
		t.Logf("points flagged after the change to summer time: UTC %d, Europe/Paris %d, Grafana's utc %d",
			flagged["UTC"], flagged["PARIS"], flagged["GRAFANA"])
		// In UTC the peak moved an hour earlier on 30 March: the old and the new hour are anomalies until the
		// seasons catch up; on the clock of Paris nothing changed.
		if flagged["UTC"] < 12 || flagged["PARIS"]*4 > flagged["UTC"] || flagged["GRAFANA"] != flagged["UTC"] {
			t.Errorf("anomalies after the change to summer time: UTC %d, Europe/Paris %d, Grafana's utc %d",
				flagged["UTC"], flagged["PARIS"], flagged["GRAFANA"])
		}
		for refID, zone := range map[string]string{"UTC": "UTC", "PARIS": "Europe/Paris", "GRAFANA": "UTC"} {
			if s := resp.Responses[refID].Frames[0].Meta.ExecutedQueryString; !strings.HasSuffix(s, "(detector seasonal, time zone "+zone+")") {
				t.Errorf("%s: executed %q does not name the time zone %s", refID, s, zone)
			}
		}
		wantError(t, resp.Responses["BAD"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
			`unknown time zone "Mars/Olympus"`)
		// A rule names no time zone: the data source's default time zone applies.
		parisDS := fitSettings(srv.URL, map[string]any{"defaultTimezone": "Europe/Paris"})
		rule := plugin.query(t, alertRequest(parisDS, query("R", ""))).Responses["R"]
		plain := plugin.query(t, alertRequest(settings, query("R", ""))).Responses["R"]
		if rule.Error != nil || plain.Error != nil {
			t.Fatalf("rules: %v %v", rule.Error, plain.Error)
		}
		if countOnes(rule.Frames[0].Fields[1]) != flagged["PARIS"] || countOnes(plain.Frames[0].Fields[1]) != flagged["UTC"] {
			t.Errorf("rules: the data source's Europe/Paris gives %d anomalies (query in Paris: %d), unset gives %d (UTC: %d)",
				countOnes(rule.Frames[0].Fields[1]), flagged["PARIS"], countOnes(plain.Frames[0].Fields[1]), flagged["UTC"])
		}
	})

	// Issue 15, kind 7, the pod-churn case: a 6-hour panel with a 1-day training window and an alert query over the
	// last 10 minutes return only the pods with values in their range; max series keeps those first.
	t.Run("pod churn", func(t *testing.T) {
		expr := map[string]any{"expr": "vigil_fit_pod_memory", "legendFormat": "{{pod}}", "trainingWindow": "1d",
			"detector": map[string]any{"type": "mad", "params": map[string]any{"window": 20}}}
		// From 42h10m: pod 20 died at 42h and its last sample shows for 5 minutes at most; pods 21, 22, 23 are alive.
		panel := fitQuery("P", fitStart.Add(42*time.Hour+10*time.Minute), fitEnd, time.Minute, 1000, expr)
		for _, c := range []struct {
			maxSeries int
			req       func(backend.DataSourceInstanceSettings) *backend.QueryDataRequest
			want      []string
			notices   []string
		}{
			{500, func(s backend.DataSourceInstanceSettings) *backend.QueryDataRequest { return panelRequest(s, panel) },
				[]string{"web-21", "web-22", "web-23"}, []string{"12 of the 15 series have no value in the time range"}},
			{4, func(s backend.DataSourceInstanceSettings) *backend.QueryDataRequest { return panelRequest(s, panel) },
				[]string{"web-21", "web-22", "web-23"}, []string{"12 of the 15 series have no value in the time range"}},
			{2, func(s backend.DataSourceInstanceSettings) *backend.QueryDataRequest { return panelRequest(s, panel) },
				[]string{"web-21", "web-22"}, []string{"3 series have values in the time range, more than the \"max series\" limit of 2", "1 dropped"}},
			{4, func(s backend.DataSourceInstanceSettings) *backend.QueryDataRequest {
				return alertRequest(s, alertQuery("P", expr))
			}, []string{"web-23"}, []string{"12 of the 13 series have no value in the time range"}},
		} {
			r := plugin.query(t, c.req(fitSettings(srv.URL, map[string]any{"maxSeries": c.maxSeries}))).Responses["P"]
			if r.Error != nil {
				t.Fatalf("max series %d: %v", c.maxSeries, r.Error)
			}
			var got []string
			for _, f := range r.Frames {
				for _, field := range f.Fields {
					// A panel's series are its value fields; a rule's are its score frames.
					if (field.Name == "value" || field.Name == "score" && len(f.Fields) == 2) && field.Labels["pod"] != "" {
						got = append(got, field.Labels["pod"])
						if !hasValue(field) {
							t.Errorf("max series %d: %s is returned without a value", c.maxSeries, field.Labels["pod"])
						}
					}
				}
			}
			t.Logf("max series %d: series %v; notices: %s", c.maxSeries, got, strings.ReplaceAll(noticeTexts(r.Frames[0]), "\n", " | "))
			if !slices.Equal(got, c.want) {
				t.Errorf("max series %d: series %v, want %v", c.maxSeries, got, c.want)
			}
			for _, w := range c.notices {
				if !strings.Contains(noticeTexts(r.Frames[0]), w) {
					t.Errorf("max series %d: notices %q lack %q", c.maxSeries, noticeTexts(r.Frames[0]), w)
				}
			}
		}
	})
}

func hasValue(f *data.Field) bool {
	for i := 0; i < f.Len(); i++ {
		if x := floatAt(f, i); x == x {
			return true
		}
	}
	return false
}

func countOnes(f *data.Field) int {
	n := 0
	for i := 0; i < f.Len(); i++ {
		if floatAt(f, i) == 1 {
			n++
		}
	}
	return n
}

func uniqueStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
