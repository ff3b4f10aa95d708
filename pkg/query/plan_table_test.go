package query

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"testing"
	"time"
)

// The plan table shared with the TypeScript port of MakePlan (src/cli/plan.ts, tested by src/cli/plan.test.ts):
// both must turn every input into the same plan, reason text included, or the same error. The inputs are
// written by hand; the expected plans come from this implementation (go test ./pkg/query -run TestPlanTable
// -update) and are reviewed in the diff.
var updatePlanTable = flag.Bool("update", false, "rewrite the expected plans in testdata/plan.json")

const planTableFile = "../../testdata/plan.json"

type planTableInput struct {
	From             int64 `json:"from"`
	To               int64 `json:"to"`
	IntervalMs       int64 `json:"intervalMs"`
	MaxDataPoints    int64 `json:"maxDataPoints"`
	MaxPoints        int   `json:"maxPoints"`
	WarmupPoints     int   `json:"warmupPoints"`
	StepMs           int64 `json:"stepMs"` // 0 = auto
	TrainingWindowMs int64 `json:"trainingWindowMs"`
	ScrapeIntervalMs int64 `json:"scrapeIntervalMs"` // 0 = the default (15s)
	NativeIntervalMs int64 `json:"nativeIntervalMs"` // 0 = not measured
}

type planTableExpected struct {
	StepMs       int64  `json:"stepMs,omitempty"`
	FetchStart   int64  `json:"fetchStart,omitempty"`
	VisibleStart int64  `json:"visibleStart,omitempty"`
	End          int64  `json:"end,omitempty"`
	HistoryMs    int64  `json:"historyMs,omitempty"`
	WantedMs     int64  `json:"wantedMs,omitempty"`
	Points       int    `json:"points,omitempty"`
	Auto         bool   `json:"auto,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Error        string `json:"error,omitempty"`
}

type planTableCase struct {
	Name     string            `json:"name"`
	Input    planTableInput    `json:"input"`
	Expected planTableExpected `json:"expected"`
}

// nativeTableCase is a grid of values (null = no value) at a step and the sample interval NativeInterval measures.
type nativeTableCase struct {
	Name     string       `json:"name"`
	StepMs   int64        `json:"stepMs"`
	Series   [][]*float64 `json:"series"`
	Expected int64        `json:"expectedMs"`
}

func TestPlanTable(t *testing.T) {
	raw, err := os.ReadFile(planTableFile)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Source string            `json:"source"`
		Cases  []planTableCase   `json:"cases"`
		Native []nativeTableCase `json:"native"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 10 {
		t.Fatalf("the table has only %d cases", len(file.Cases))
	}
	for i, c := range file.Cases {
		in := c.Input
		q := &Parsed{Step: time.Duration(in.StepMs) * time.Millisecond, TrainingWindow: time.Duration(in.TrainingWindowMs) * time.Millisecond}
		p, err := MakePlan(q, PlanInput{
			From: time.UnixMilli(in.From).UTC(), To: time.UnixMilli(in.To).UTC(),
			Interval: time.Duration(in.IntervalMs) * time.Millisecond, MaxDataPoints: in.MaxDataPoints,
			MaxPoints: in.MaxPoints, WarmupPoints: in.WarmupPoints,
			ScrapeInterval: time.Duration(in.ScrapeIntervalMs) * time.Millisecond,
			NativeInterval: time.Duration(in.NativeIntervalMs) * time.Millisecond,
		})
		got := planTableExpected{}
		if err != nil {
			got.Error = err.Error()
		} else {
			got = planTableExpected{StepMs: p.Step.Milliseconds(), FetchStart: p.FetchStart.UnixMilli(),
				VisibleStart: p.VisibleStart.UnixMilli(), End: p.End.UnixMilli(), HistoryMs: p.History.Milliseconds(),
				WantedMs: p.Wanted.Milliseconds(), Points: p.Points, Auto: p.Auto, Reason: p.Reason}
		}
		if *updatePlanTable {
			file.Cases[i].Expected = got
			continue
		}
		if got != c.Expected {
			t.Errorf("%s:\n got  %+v\n want %+v", c.Name, got, c.Expected)
		}
	}
	if len(file.Native) < 5 {
		t.Fatalf("the table has only %d native-interval cases", len(file.Native))
	}
	for i, c := range file.Native {
		series := make([][]float64, len(c.Series))
		for j, s := range c.Series {
			series[j] = make([]float64, len(s))
			for k, x := range s {
				series[j][k] = math.NaN()
				if x != nil {
					series[j][k] = *x
				}
			}
		}
		got := NativeInterval(time.Duration(c.StepMs)*time.Millisecond, series).Milliseconds()
		if *updatePlanTable {
			file.Native[i].Expected = got
			continue
		}
		if got != c.Expected {
			t.Errorf("native %s: got %d ms, want %d ms", c.Name, got, c.Expected)
		}
	}
	if *updatePlanTable {
		out, _ := json.MarshalIndent(file, "", "  ")
		if err := os.WriteFile(planTableFile, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
