package query

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Native fuzz targets for the query JSON a panel, an alert rule or a recording rule sends (Parse) and for the
// fetch plan made from it and the panel's range (MakePlan). Run longer with
// `go test ./pkg/query -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s`, or all targets with `npm run fuzz`.

var fuzzSettings = &models.Settings{TrainingWindow: 7 * 24 * time.Hour, MaxPoints: models.DefaultMaxPoints}

// FuzzParse: any bytes give either a parsed query or an error with a message, never both and never neither.
// A parsed query has an expression, a known output, a training window ≥ 0 and a step that is auto (0) or ≥ 1s,
// and its detector accepts the parameters the JSON gives it (detector.params with the top-level sensitivity,
// direction and minConsecutive laid over them); a detector problem keeps its *detectors.Error type (the editor
// shows its code). The model of a parsed query, sent again, parses to the same query. Only the JSON model and the
// detectors' public API are used, so the target holds however Parse keeps its resolved detector.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"expr":"up"}`,
		`{"refId":"A","expr":"rate(x[5m])","detector":{"type":"zscore","params":{"window":30}},"sensitivity":2.5,` +
			`"direction":"up","minConsecutive":2,"trainingWindow":"1d","step":"1m","output":"events"}`,
		`{"expr":"up","detector":{"type":"prophet"}}`,
		`{"expr":"up","detector":{"type":"zscore","params":{"window":-1}}}`,
		`{"expr":"up","step":"500ms"}`,
		`{"expr":"up","trainingWindow":"forever"}`,
		`{"expr":" ","output":"band"}`,
		`[1,2]`,
		`{"expr":"up","detector":{"type":"ensemble","params":{"shortWindow":1000,"longWindow":10}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		q, err := Parse(raw, fuzzSettings)
		var m Model
		jsonErr := json.Unmarshal(raw, &m)
		_, paramsErr := detectors.ResolveParams(detectorOf(m), overridden(m))
		if err != nil {
			if q != nil {
				t.Fatalf("a parsed query came with the error %v", err)
			}
			if err.Error() == "" {
				t.Fatalf("an error without a message")
			}
			var de *detectors.Error
			if errors.As(err, &de) && (de.Code != detectors.InvalidParam && de.Code != detectors.UnknownDetector ||
				paramsErr == nil) {
				t.Fatalf("detector error %s from parsing, while the detector's own check says %v: %v", de.Code, paramsErr, err)
			}
			return
		}
		switch {
		case q == nil:
			t.Fatalf("no query and no error")
		case jsonErr != nil:
			t.Fatalf("accepted JSON that does not decode: %v", jsonErr)
		case paramsErr != nil:
			t.Fatalf("accepted parameters the detector rejects: %v", paramsErr)
		case strings.TrimSpace(q.Expr) == "":
			t.Fatalf("accepted an empty expression")
		case !slices.Contains(outputs.QueryOutputs, q.Output):
			t.Fatalf("accepted output %q", q.Output)
		case q.TrainingWindow < 0 || (q.Step != 0 && q.Step < time.Second):
			t.Fatalf("training window %s, step %s", q.TrainingWindow, q.Step)
		}
		resent, err := json.Marshal(q.Model)
		if err != nil {
			t.Fatalf("the parsed model does not marshal: %v", err)
		}
		again, err := Parse(resent, fuzzSettings)
		if err != nil {
			t.Fatalf("the parsed model %s is rejected when sent again: %v", resent, err)
		}
		if again.DetectorID != q.DetectorID || again.Output != q.Output || again.TrainingWindow != q.TrainingWindow ||
			again.Step != q.Step || again.Expr != q.Expr {
			t.Fatalf("sent again, %s parses differently", resent)
		}
	})
}

// detectorOf and overridden restate the query model's documented rules (docs/): no type means the default
// detector; the top-level sensitivity, direction and minConsecutive replace the same keys of detector.params.
func detectorOf(m Model) string {
	if m.Detector.Type == "" {
		return detectors.DefaultDetector
	}
	return m.Detector.Type
}

func overridden(m Model) detectors.RawParams {
	raw := detectors.RawParams{}
	for k, v := range m.Detector.Params {
		raw[k] = v
	}
	if m.Sensitivity != nil {
		raw["sensitivity"] = *m.Sensitivity
	}
	if m.Direction != "" {
		raw["direction"] = m.Direction
	}
	if m.MinConsecutive != nil {
		raw["minConsecutive"] = *m.MinConsecutive
	}
	return raw
}

// FuzzPlan plans the fetch for a parsed query and any panel range, interval, max data points, max points, warm-up,
// scrape interval and measured sample interval. A plan has a step ≥ 1s (the query's own when it set one); fetch
// start, visible start and end on the step's grid in order; the visible start within one step after the panel's
// start; at most the allowed points, counted exactly; a history of at least the warm-up and at most what was asked
// for (the training window or the warm-up), all of it unless the points ran out. Otherwise an error says what to
// change.
func FuzzPlan(f *testing.F) {
	const hour = int64(time.Hour / time.Millisecond)
	f.Add(`{"expr":"up"}`, int64(1_700_000_000_000), int64(1_700_000_000_000+hour), int64(15_000), int64(1000), 11000, 30, int64(0), int64(0))
	f.Add(`{"expr":"up","step":"1s","trainingWindow":"30d"}`, int64(0), int64(24*hour), int64(0), int64(0), 11000, 0, int64(1000), int64(900_000))
	f.Add(`{"expr":"up","trainingWindow":"0"}`, int64(-5), int64(5), int64(-1), int64(-1), 10, 100000, int64(-1), int64(-1))
	f.Fuzz(func(t *testing.T, query string, fromMs, toMs, intervalMs, maxDataPoints int64, maxPoints, warmup int,
		scrapeMs, nativeMs int64) {
		q, err := Parse([]byte(query), fuzzSettings)
		if err != nil {
			return // FuzzParse covers the errors
		}
		// Grafana's ranges are Unix ms; settings bound max points to [10, 1e7]; warm-ups are point counts.
		maxPoints = 10 + abs(maxPoints)%10_000_000
		warmup = abs(warmup) % 1_000_000
		// Settings bound the scrape interval to [1s, 1h]; a measured interval is a multiple of a step.
		scrape := time.Duration(1_000+abs64(scrapeMs)%3_599_001) * time.Millisecond
		in := PlanInput{From: time.UnixMilli(fromMs).UTC(), To: time.UnixMilli(toMs).UTC(),
			Interval: time.Duration(intervalMs) * time.Millisecond, MaxDataPoints: maxDataPoints,
			MaxPoints: maxPoints, WarmupPoints: warmup, ScrapeInterval: scrape,
			NativeInterval: time.Duration(abs64(nativeMs)%(400*24*3_600_000)) * time.Millisecond}
		p, err := MakePlan(q, in)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("an error without a message")
			}
			return
		}
		step := p.Step.Milliseconds()
		switch {
		case p.Step < time.Second:
			t.Fatalf("step %s", p.Step)
		case q.Step > 0 && p.Step != q.Step:
			t.Fatalf("step %s, the query asked for %s", p.Step, q.Step)
		case p.FetchStart.UnixMilli()%step != 0 || p.VisibleStart.UnixMilli()%step != 0 || p.End.UnixMilli()%step != 0:
			t.Fatalf("plan %+v is off the %s grid", p, p.Step)
		case p.FetchStart.After(p.VisibleStart) || p.VisibleStart.After(p.End):
			t.Fatalf("plan %+v out of order", p)
		case p.End.After(in.To) || !p.End.After(in.To.Add(-p.Step)):
			t.Fatalf("end %s is not the last grid time at or before %s", p.End, in.To)
		case p.VisibleStart.Before(in.From) && (p.VisibleStart != p.End || !strings.Contains(p.Reason, "longer than the range")):
			t.Fatalf("visible start %s before %s, but the range holds a grid time (or the reason does not say)", p.VisibleStart, in.From)
		case !p.VisibleStart.Before(in.From) && !p.VisibleStart.Before(in.From.Add(p.Step)):
			t.Fatalf("visible start %s is not the first grid time at or after %s", p.VisibleStart, in.From)
		case p.Points < 1 || p.Points > maxPoints:
			t.Fatalf("%d points, limit %d", p.Points, maxPoints)
		case int64(p.Points) != (p.End.UnixMilli()-p.FetchStart.UnixMilli())/step+1:
			t.Fatalf("%d points between %s and %s at %s", p.Points, p.FetchStart, p.End, p.Step)
		case p.History != p.VisibleStart.Sub(p.FetchStart) || p.History%p.Step != 0 ||
			float64(p.History) < float64(warmup)*float64(p.Step) || // float: the product may not fit a Duration
			p.History > p.Wanted || p.Wanted < q.TrainingWindow && p.Wanted < time.Duration(math.MaxInt64/2)-p.Step ||
			p.History < p.Wanted && p.Points != maxPoints:
			t.Fatalf("history %s (asked for %s) for a training window of %s and a warm-up of %d points at %s, %d of %d points",
				p.History, p.Wanted, q.TrainingWindow, warmup, p.Step, p.Points, maxPoints)
		case p.Reason == "":
			t.Fatalf("a plan without a reason")
		}
	})
}

func abs64(x int64) int64 {
	if x < 0 {
		return -(x + 1)
	}
	return x
}

func abs(x int) int {
	if x < 0 {
		return -(x + 1) // −MinInt overflows
	}
	return x
}
