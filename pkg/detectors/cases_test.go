package detectors

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The real-world failure cases of testdata/cases (issue 15), one test per fault kind; the TypeScript twin is
// src/detectors/cases.test.ts, with the same expectations.

const casesDir = "../../testdata/cases"

func loadCase(t *testing.T, name string) Series {
	t.Helper()
	f, err := os.Open(filepath.Join(casesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var s Series
	scan := bufio.NewScanner(f)
	scan.Scan() // header
	for scan.Scan() {
		ts, value, _ := strings.Cut(scan.Text(), ",")
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		x := math.NaN()
		if value != "" {
			if x, err = strconv.ParseFloat(value, 64); err != nil {
				t.Fatal(err)
			}
		}
		s.T = append(s.T, sec*1000)
		s.V = append(s.V, x)
	}
	return s
}

func runCase(t *testing.T, id string, s Series, params RawParams) Result {
	t.Helper()
	out, err := Run(id, []Series{s}, params)
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

func flaggedIn(r Result, from, to int) []int {
	var out []int
	for i := from; i < to && i < len(r.Anomaly); i++ {
		if r.Anomaly[i] {
			out = append(out, i)
		}
	}
	return out
}

type caseDetector struct {
	id     string
	params RawParams
}

var bandDetectors = []caseDetector{
	{"auto", nil}, {"ensemble", nil}, {"zscore", nil}, {"mad", nil}, {"ewma", nil}, {"holt_winters", nil},
	{"level_shift", nil},
}

func TestCaseZeroWidthSpread(t *testing.T) {
	s := loadCase(t, "flat-gauge-float-noise/input.csv")
	for _, d := range append(bandDetectors, caseDetector{"seasonal", RawParams{"period": 3600.0}}) {
		r := runCase(t, d.id, s, d.params)
		if f := flaggedIn(r, 0, 2500); len(f) > 0 || !r.Anomaly[2500] {
			t.Errorf("%s: flags before the step %v, step flagged %v", d.id, f, r.Anomaly[2500])
		}
	}
	// Four replicas: three keep the noisy constant (shifted copies), the fourth steps at 2500.
	pods := make([]Series, 4)
	for k := range 3 {
		v := make([]float64, len(s.V))
		for i := range v {
			v[i] = s.V[(i+97*(k+1))%2500]
		}
		pods[k] = Series{T: s.T, V: v}
	}
	pods[3] = s
	out, err := Run("peer_outlier", pods, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range out {
		if f := flaggedIn(r, 0, 2500); len(f) > 0 {
			t.Errorf("peer_outlier: replica %d flagged before the step at %v", k, f)
		}
	}
	if !out[3].Anomaly[2500] {
		t.Error("peer_outlier: the replica that steps is not flagged")
	}
}

func TestCaseOneOutlierBlinds(t *testing.T) {
	input := loadCase(t, "spurious-spike-masks-incident/input.csv")
	control := loadCase(t, "spurious-spike-masks-incident/control.csv")
	for _, d := range bandDetectors {
		r, c := runCase(t, d.id, input, d.params), runCase(t, d.id, control, d.params)
		if !r.Anomaly[3000] || len(flaggedIn(c, 3300, 3313)) == 0 || len(flaggedIn(r, 3300, 3313)) == 0 {
			t.Errorf("%s: glitch flagged %v; incident flagged %v (control %v)", d.id, r.Anomaly[3000],
				flaggedIn(r, 3300, 3313), flaggedIn(c, 3300, 3313))
		}
	}
}

func TestCaseWindowsInTime(t *testing.T) {
	s := loadCase(t, "quantile-nan-nights/input.csv")
	firstAfterNight := func(day int) int {
		i := day*1440 + 300
		for math.IsNaN(s.V[i]) {
			i++
		}
		return i
	}
	// The ensemble runs with the daily season its "normal" needs (see the TypeScript twin).
	ds := []caseDetector{{"auto", nil}, {"ensemble", RawParams{"period": 86400.0}}, {"zscore", nil}, {"mad", nil},
		{"ewma", nil}, {"holt_winters", nil}, {"level_shift", nil}, {"seasonal", nil}}
	for _, d := range ds {
		r := runCase(t, d.id, s, d.params)
		for i, x := range s.V {
			if math.IsNaN(x) && (!math.IsNaN(r.Score[i]) || r.Anomaly[i]) {
				t.Fatalf("%s: missing point %d scored %v", d.id, i, r.Score[i])
			}
		}
		for day := 1; day <= 3; day++ {
			if i := firstAfterNight(day); r.Anomaly[i] {
				t.Errorf("%s: the first point after night %d (%d) is flagged", d.id, day, i)
			}
		}
	}
	if n := len(GroupEvents(s, runCase(t, "auto", s, nil), nil)); n > 4 {
		t.Errorf("auto: %d events in 4 days", n)
	}
}

func TestCaseCalibrationShorterThanSeason(t *testing.T) {
	s := loadCase(t, "zero-traffic-nights/input.csv")
	nightEvents := func(r Result) int {
		n := 0
		for _, e := range GroupEvents(s, r, nil) {
			if minute := ((e.Start - s.T[0]) / 60000) % 1440; minute >= 30 && minute < 355 {
				n++
			}
		}
		return n
	}
	dropDays := func(r Result, days ...int) []int {
		var out []int
		for _, d := range days {
			if len(flaggedIn(r, d*1440+1140, d*1440+1150)) > 0 {
				out = append(out, d)
			}
		}
		return out
	}
	r := runCase(t, "auto", s, nil)
	if n, days, events := nightEvents(r), dropDays(r, 3, 4, 5, 6), len(GroupEvents(s, r, nil)); n > 0 ||
		len(days) > 0 || events > 7 {
		t.Errorf("auto: %d night events, 19:00 drop flagged on days %v, %d events", n, days, events)
	}
	r = runCase(t, "seasonal", s, nil)
	flaggedDays := map[int]bool{}
	for _, i := range flaggedIn(r, 0, len(s.V)) {
		flaggedDays[i/1440] = true
	}
	if n, days, events := nightEvents(r), dropDays(r, 4, 5, 6), len(GroupEvents(s, r, nil)); n > 0 ||
		len(days) > 0 || events > 20 || len(flaggedDays) > 3 {
		t.Errorf("seasonal: %d night events, 19:00 drop flagged on days %v, %d events", n, days, events)
	}
}

func TestCaseStepFinerThanResolution(t *testing.T) {
	input := loadCase(t, "sparse-15m-pushed/input.csv")
	control := loadCase(t, "sparse-15m-pushed/control.csv")
	for _, d := range append(bandDetectors, caseDetector{"seasonal", nil}) {
		fine := map[int]bool{}
		for _, i := range flaggedIn(runCase(t, d.id, input, d.params), 0, len(input.V)) {
			fine[i/15] = true
		}
		if native := len(flaggedIn(runCase(t, d.id, control, d.params), 0, len(control.V))); len(fine) > native {
			t.Errorf("%s: %d distinct samples flagged at 1 minute, %d at 15 minutes", d.id, len(fine), native)
		}
	}
}

func TestCaseExpectedFollowsSeason(t *testing.T) {
	s := loadCase(t, "load-daily-contextual/input.csv")
	r := runCase(t, "auto", s, nil)
	if len(flaggedIn(r, 9*288+24, 9*288+36)) == 0 {
		t.Error("auto: the night-time incident is not flagged")
	}
	mean := 0.0
	for i := range 7 * 288 {
		mean += s.V[i] / (7 * 288)
	}
	mae, flat := 0.0, 0.0
	for i := 7 * 288; i < 9*288; i++ {
		mae += math.Abs(s.V[i] - r.Expected[i])
		flat += math.Abs(s.V[i] - mean)
	}
	if !(mae < flat/2) {
		t.Errorf("auto: mean absolute error %.3f, a flat line's %.3f", mae/576, flat/576)
	}
	for _, d := range append(bandDetectors, caseDetector{"seasonal", nil}) {
		for i, lo := range runCase(t, d.id, s, d.params).Lower {
			if lo < 0 {
				t.Fatalf("%s: band below 0 at %d (%v) for a series never below 0", d.id, i, lo)
			}
		}
	}
	w := loadCase(t, "load-daily-contextual/white.csv")
	rw := runCase(t, "seasonal", w, nil)
	scored := 0
	for _, x := range rw.Score {
		if !math.IsNaN(x) {
			scored++
		}
	}
	const p = 0.0027 // P(|Z| > 3), plus three binomial standard deviations for the sample
	if rate := float64(len(flaggedIn(rw, 0, len(w.V)))) / float64(scored); rate > p+3*math.Sqrt(p*(1-p)/float64(scored)) {
		t.Errorf("seasonal flags %.3f %% of white noise, a 3-sigma rule %.2f %%", 100*rate, 100*p)
	}
}
