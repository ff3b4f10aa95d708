package detectors_test

// Native fuzz targets for every detector, through the public Run function only (detector internals change
// independently). The fuzzer's bytes are read by fuzzInput into a group of series (NaN, ±Inf, huge and tiny
// values, duplicate, unsorted and far-apart times) and parameters drawn from the registry's specs, some out of
// range or of the wrong type. Each run checks the contract of docs/detectors.md and result.go:
//
//   - an error is a *detectors.Error whose code the input explains (invalid_param for a bad parameter,
//     invalid_input / non_finite_input for a bad series, too_few_series for a small group, invalid_param for a
//     cross-parameter rule when every single parameter was valid), and comes with no results;
//   - otherwise one result per series, every output aligned with its input; scores NaN or in [0, 100];
//     lower ≤ expected ≤ upper where expected is defined; missing points have NaN score and no anomaly; an
//     anomaly has score > 1; warm-up ≥ 0;
//   - the input is not mutated and a second run gives the same outputs;
//   - the events grouped from each result lie inside the series' time range.
//
// Run one target longer with `go test ./pkg/detectors -run '^$' -fuzz '^FuzzZScore$' -fuzztime 60s`, or all of
// them with `npm run fuzz` (scripts/fuzz.sh). Seeds: testdata/fuzz/<target>/.

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
)

func FuzzAuto(f *testing.F)            { fuzzDetector(f, "auto") }
func FuzzEnsemble(f *testing.F)        { fuzzDetector(f, "ensemble") }
func FuzzZScore(f *testing.F)          { fuzzDetector(f, "zscore") }
func FuzzMAD(f *testing.F)             { fuzzDetector(f, "mad") }
func FuzzEWMA(f *testing.F)            { fuzzDetector(f, "ewma") }
func FuzzHoltWinters(f *testing.F)     { fuzzDetector(f, "holt_winters") }
func FuzzSeasonal(f *testing.F)        { fuzzDetector(f, "seasonal") }
func FuzzLevelShift(f *testing.F)      { fuzzDetector(f, "level_shift") }
func FuzzIsolationForest(f *testing.F) { fuzzDetector(f, "isolation_forest") }
func FuzzPeerOutlier(f *testing.F)     { fuzzDetector(f, "peer_outlier") }

// TestEveryDetectorHasAFuzzTarget keeps the list above complete when a detector is added.
func TestEveryDetectorHasAFuzzTarget(t *testing.T) {
	have := []string{"auto", "ensemble", "zscore", "mad", "ewma", "holt_winters", "seasonal", "level_shift",
		"isolation_forest", "peer_outlier"}
	for _, d := range detectors.Detectors {
		if !slices.Contains(have, d.ID) {
			t.Errorf("detector %s has no fuzz target in detectors_fuzz_test.go", d.ID)
		}
	}
}

// maxFuzzPoints bounds a series so one execution stays in milliseconds (the fuzzer needs many per second).
const maxFuzzPoints = 600

// fuzzInput reads the fuzzer's bytes as a stream of choices; past the end every read is 0, so a short input
// still gives a whole, ordinary case and the fuzzer's mutations change it one choice at a time.
type fuzzInput struct{ b []byte }

func (in *fuzzInput) byte() byte {
	if len(in.b) == 0 {
		return 0
	}
	c := in.b[0]
	in.b = in.b[1:]
	return c
}

func (in *fuzzInput) uint16() int { return int(in.byte())<<8 | int(in.byte()) }

func (in *fuzzInput) uint64() uint64 {
	var buf [8]byte
	for i := range buf {
		buf[i] = in.byte()
	}
	return binary.LittleEndian.Uint64(buf[:])
}

// float is any float64 bit pattern: NaN payloads, ±Inf, subnormals, ±MaxFloat64 included.
func (in *fuzzInput) float() float64 { return math.Float64frombits(in.uint64()) }

// unit is a fraction in [0, 1].
func (in *fuzzInput) unit() float64 { return float64(in.uint16()) / 65535 }

// times builds n timestamps (Unix ms). Mostly ascending at one step, with gaps; some choices make a duplicate
// or a step back, and the start can be anywhere in int64, so the sum can even wrap.
func (in *fuzzInput) times(n int) []int64 {
	steps := []int64{60_000, 1000, 15_000, 300_000, 1, 86_400_000, 3_600_000}
	step := steps[int(in.byte())%len(steps)]
	start := int64(1_700_000_000_000)
	if c := in.byte(); c >= 250 {
		start = int64(in.uint64()) // anywhere, near-overflow included
	} else if c >= 240 {
		start = -start
	}
	t := make([]int64, n)
	now := start
	for i := range t {
		switch c := in.byte(); {
		case c < 230:
			now += step
		case c < 240:
			now += step * int64(2+c%8) // a gap
		case c < 246:
			// duplicate: the same time again
		case c < 252:
			now -= step // a step back
		default:
			now += int64(in.uint16()) - 32768
		}
		t[i] = now
	}
	return t
}

// values builds n values around a level: ordinary ones mostly, and per choice NaN, ±Inf, huge, tiny, zero, a
// repeat of the previous value (flat runs) or any float bit pattern.
func (in *fuzzInput) values(n int) []float64 {
	level := []float64{100, 0, 1e6, 1e-6, -50, 1e15}[int(in.byte())%6]
	v := make([]float64, n)
	prev := level
	for i := range v {
		x := level + 10*math.Sin(float64(i)/5) + float64(in.byte())/16
		switch c := in.byte(); {
		case c < 200:
		case c < 210:
			x = math.NaN()
		case c < 213:
			x = math.Inf(1)
		case c < 216:
			x = math.Inf(-1)
		case c < 222:
			x = []float64{math.MaxFloat64, -math.MaxFloat64, 1e300, -1e300, 1e154}[int(c)%5]
		case c < 228:
			x = []float64{math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1e-300, 2.2250738585072014e-308}[int(c)%4]
		case c < 234:
			x = 0
		case c < 246:
			x = prev
		default:
			x = in.float()
		}
		v[i] = x
		prev = x
	}
	return v
}

// series builds a group: one series for univariate detectors; 0 to 7 for multivariate ones, sharing times or
// not, of equal or different lengths.
func (in *fuzzInput) series(multivariate bool) []detectors.Series {
	count := 1
	if multivariate {
		count = int(in.byte()) % 8
	}
	n := in.uint16() % (maxFuzzPoints + 1)
	shared := in.times(n)
	group := make([]detectors.Series, count)
	for i := range group {
		t := shared
		if c := in.byte(); c >= 200 {
			t = in.times(in.uint16() % (maxFuzzPoints + 1)) // its own times and length
		}
		group[i] = detectors.Series{T: t, V: in.values(len(t))}
	}
	return group
}

// params draws each parameter from its spec: absent, null, in range (mostly small, sometimes an end of the
// range), or broken (out of range, wrong type, NaN/±Inf, not whole, unknown option). broken reports whether any
// parameter was broken, so the caller knows an invalid_param error is due.
func (in *fuzzInput) params(specs []detectors.ParamSpec) (raw detectors.RawParams, broken bool) {
	raw = detectors.RawParams{}
	for _, s := range specs {
		c := in.byte()
		switch {
		case c < 64: // absent: the default
		case c < 72:
			raw[s.Name] = nil
		case c < 224:
			raw[s.Name] = in.validValue(s, c)
		default:
			raw[s.Name] = in.brokenValue(s)
			broken = true
		}
	}
	if in.byte() >= 250 {
		raw["notAParameter"] = 1.0
		broken = true
	}
	return raw, broken
}

// fuzzTimeZones are valid values of a string (time zone) parameter: with and without daylight saving changes,
// and an offset that is not a whole hour.
var fuzzTimeZones = []string{"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"}

func (in *fuzzInput) validValue(s detectors.ParamSpec, c byte) any {
	switch s.Type {
	case "bool":
		return c%2 == 0
	case "enum":
		return s.Options[int(in.byte())%len(s.Options)]
	case "string": // the only string parameter is a time zone name
		return fuzzTimeZones[int(in.byte())%len(fuzzTimeZones)]
	}
	lo, hi := *s.Min, *s.Max
	switch {
	case c >= 216:
		return hi
	case c >= 208:
		return lo
	}
	if s.Type == "int" {
		// Small values mostly, so windows fit in a fuzz-sized series and warm up.
		span := min(hi-lo, []float64{40, 1023}[c%2])
		return lo + float64(in.uint16()%(int(span)+1))
	}
	return lo + in.unit()*(min(hi, lo+100)-lo)
}

func (in *fuzzInput) brokenValue(s detectors.ParamSpec) any {
	c := in.byte()
	switch s.Type {
	case "bool":
		return []any{"true", 1.0, "yes"}[int(c)%3]
	case "enum":
		return []any{"sideways", 1.0, true, ""}[int(c)%4]
	case "string":
		return []any{"Mars/Olympus", 1.0, "", "Local"}[int(c)%4]
	}
	lo, hi := *s.Min, *s.Max
	switch c % 7 {
	case 0:
		return lo - 1 - float64(in.uint16())
	case 1:
		return hi + 1 + float64(in.uint16())
	case 2:
		return math.NaN()
	case 3:
		return math.Inf(1 - 2*int(c%2))
	case 4:
		return "3"
	case 5:
		if s.Type == "int" && hi-lo >= 1 {
			return lo + 0.5 // not whole
		}
		return true
	default:
		return math.Nextafter(lo, math.Inf(-1)) // just below the minimum
	}
}

// seriesProblem is the error code a group's series must raise, or "" when they are valid.
func seriesProblem(group []detectors.Series) detectors.ErrorCode {
	for _, s := range group {
		for i, x := range s.V {
			if i > 0 && s.T[i] <= s.T[i-1] {
				return detectors.InvalidInput
			}
			if math.IsInf(x, 0) {
				return detectors.NonFiniteInput
			}
		}
	}
	return ""
}

func fuzzDetector(f *testing.F, id string) {
	d, err := detectors.Get(id)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte{}) // every parameter at its default, an empty series (the committed corpus has more shapes)
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &fuzzInput{b: data}
		raw, broken := in.params(d.Params)
		group := in.series(d.Multivariate)
		before := cloneGroup(group)
		results, err := detectors.Run(id, group, raw)
		if !sameGroup(group, before) {
			t.Fatalf("Run mutated its input")
		}
		problem := seriesProblem(group)
		if err != nil {
			var de *detectors.Error
			if !errors.As(err, &de) || de.Message == "" {
				t.Fatalf("error is not a *detectors.Error with a message: %T %v", err, err)
			}
			if results != nil {
				t.Fatalf("error %v came with %d results", err, len(results))
			}
			switch de.Code {
			case detectors.InvalidParam:
				// A broken parameter, or a rule between valid ones (Validate): both are the parameters' fault,
				// and a fixed parameter set must then fail the same way on any series.
				if _, perr := detectors.ResolveParams(id, raw); perr == nil {
					t.Fatalf("invalid_param from Run but ResolveParams accepts %v: %v", raw, err)
				}
			case detectors.InvalidInput, detectors.NonFiniteInput:
				if de.Code != problem {
					t.Fatalf("error %s (%v), but the series' problem is %q", de.Code, err, problem)
				}
			case detectors.TooFewSeries:
				if !d.Multivariate || len(group) >= 3 {
					t.Fatalf("too_few_series for %d series of a detector with multivariate=%v: %v", len(group), d.Multivariate, err)
				}
			default:
				t.Fatalf("unexpected error code %s: %v", de.Code, err)
			}
			return
		}
		if broken {
			t.Fatalf("a broken parameter was accepted: %v", raw)
		}
		if problem != "" {
			t.Fatalf("series with problem %s were accepted", problem)
		}
		if len(results) != len(group) {
			t.Fatalf("%d results for %d series", len(results), len(group))
		}
		for i, r := range results {
			checkResult(t, group[i], r)
			checkEvents(t, group[i], r)
		}
		again, err := detectors.Run(id, group, raw)
		if err != nil {
			t.Fatalf("second run failed: %v", err)
		}
		for i := range results {
			if !sameResult(results[i], again[i]) {
				t.Fatalf("series %d: a second run on the same input gives different outputs", i)
			}
		}
	})
}

// checkResult asserts the detection contract for one series.
func checkResult(t *testing.T, s detectors.Series, r detectors.Result) {
	t.Helper()
	n := len(s.V)
	if len(r.Expected) != n || len(r.Lower) != n || len(r.Upper) != n || len(r.Score) != n || len(r.Anomaly) != n {
		t.Fatalf("outputs (%d, %d, %d, %d, %d) not aligned with %d points",
			len(r.Expected), len(r.Lower), len(r.Upper), len(r.Score), len(r.Anomaly), n)
	}
	if r.Warmup < 0 {
		t.Fatalf("warm-up %d", r.Warmup)
	}
	for i, x := range s.V {
		score, e, lo, hi := r.Score[i], r.Expected[i], r.Lower[i], r.Upper[i]
		if math.IsNaN(x) && (!math.IsNaN(score) || r.Anomaly[i]) {
			t.Fatalf("point %d is missing but has score %v, anomaly %v", i, score, r.Anomaly[i])
		}
		if !math.IsNaN(score) && !(score >= 0 && score <= detectors.ScoreCap) {
			t.Fatalf("point %d (value %v): score %v outside [0, %v]", i, x, score, detectors.ScoreCap)
		}
		if r.Anomaly[i] && !(score > 1) {
			t.Fatalf("point %d (value %v): anomaly with score %v", i, x, score)
		}
		if !math.IsNaN(e) && !(lo <= e && e <= hi) {
			t.Fatalf("point %d (value %v): band [%v, %v] does not hold expected %v", i, x, lo, hi, e)
		}
	}
}

// checkEvents asserts that events grouped from a result stay within the series and cover its anomalies.
func checkEvents(t *testing.T, s detectors.Series, r detectors.Result) {
	t.Helper()
	events := detectors.GroupEvents(s, r, map[string]string{"job": "fuzz"})
	anomalies := 0
	for i, a := range r.Anomaly {
		if a && !math.IsNaN(s.V[i]) {
			anomalies++
		}
	}
	points := 0
	for k, ev := range events {
		if len(s.T) == 0 || ev.Start < s.T[0] || ev.End > s.T[len(s.T)-1] || ev.Start > ev.End ||
			ev.PeakTime < ev.Start || ev.PeakTime > ev.End {
			t.Fatalf("event %d [%d, %d] peak %d outside the series' range or inverted", k, ev.Start, ev.End, ev.PeakTime)
		}
		if k > 0 && ev.Start <= events[k-1].End {
			t.Fatalf("event %d starts at %d, not after the previous one's end %d", k, ev.Start, events[k-1].End)
		}
		if ev.Points < 1 || !(ev.MaxScore > 1) || ev.SeriesLabels["job"] != "fuzz" {
			t.Fatalf("event %d: %d points, max score %v, labels %v", k, ev.Points, ev.MaxScore, ev.SeriesLabels)
		}
		if ev.Direction != "up" && ev.Direction != "down" && ev.Direction != "mixed" {
			t.Fatalf("event %d: direction %q", k, ev.Direction)
		}
		points += ev.Points
	}
	if points != anomalies {
		t.Fatalf("events hold %d points, the result has %d anomalous points", points, anomalies)
	}
}

func cloneGroup(g []detectors.Series) []detectors.Series {
	out := make([]detectors.Series, len(g))
	for i, s := range g {
		out[i] = detectors.Series{T: slices.Clone(s.T), V: slices.Clone(s.V)}
	}
	return out
}

// sameFloats compares bit patterns, so NaN equals NaN and -0 differs from 0.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func sameGroup(a, b []detectors.Series) bool {
	return slices.EqualFunc(a, b, func(x, y detectors.Series) bool {
		return slices.Equal(x.T, y.T) && sameFloats(x.V, y.V)
	})
}

func sameResult(a, b detectors.Result) bool {
	same := func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(p, q float64) bool { return p == q || (math.IsNaN(p) && math.IsNaN(q)) })
	}
	return same(a.Expected, b.Expected) && same(a.Lower, b.Lower) && same(a.Upper, b.Upper) &&
		same(a.Score, b.Score) && slices.Equal(a.Anomaly, b.Anomaly) && a.Warmup == b.Warmup
}

// TestExtremeMagnitudes pins the minimal inputs of extreme magnitude that once overflowed a detector's spread to
// ±Inf (a NaN band scored 100; issue 12's fuzzing campaign): values beyond ±MaxMagnitude are now detected as that
// bound (series.go). The same inputs are pinned in src/detectors/fuzz.property.test.ts.
func TestExtremeMagnitudes(t *testing.T) {
	const maxF = math.MaxFloat64
	cases := []struct {
		id      string
		v       []float64
		raw     detectors.RawParams
		step    int64
		offsets []int64
	}{
		{id: "zscore", v: []float64{0, maxF, 0, 5e-324, 0, 0}, raw: detectors.RawParams{"window": 2}},
		{id: "zscore", v: []float64{1e160, 0, 0, 0}, raw: detectors.RawParams{"window": 2}},
		{id: "level_shift", v: []float64{0, 0, 0, 0, 0, 0, maxF, 0, 0, 0, 0, 0}, raw: detectors.RawParams{"window": 3}, step: 300_000},
		{id: "level_shift", v: []float64{1e160, 0, 0, 0}, raw: detectors.RawParams{"window": 3, "recent": 1}},
		{id: "ewma", v: []float64{maxF, -maxF, 0, 0}, raw: detectors.RawParams{"halfLife": 1}},
		{id: "holt_winters", v: []float64{0, -maxF, 0, 5e-324, 0, 0, 0, 0},
			raw:     detectors.RawParams{"seasonLength": 3, "gamma": 0, "spreadHalfLife": 1},
			offsets: []int64{0, 60_000, 120_000, 240_000, 300_000, 600_000, 660_000, 720_000}},
		{id: "holt_winters", v: []float64{0, 0, 0, 0, 0, maxF, 0},
			raw: detectors.RawParams{"seasonLength": 2, "alpha": 0.9900990099009902, "gamma": 0, "spreadHalfLife": 1}},
		{id: "seasonal", v: []float64{-maxF, -1e300, 0, 0, 0, 0, 0, 0},
			raw: detectors.RawParams{"seasons": 2, "bucket": 0, "neighbours": 0, "sensitivity": 0.1}, step: 86_400_000},
	}
	for _, c := range cases {
		ts := make([]int64, len(c.v))
		for i := range ts {
			switch {
			case c.offsets != nil:
				ts[i] = 1_700_000_000_000 + c.offsets[i]
			case c.step != 0:
				ts[i] = 1_700_000_000_000 + c.step*int64(i)
			default:
				ts[i] = 1_700_000_000_000 + 60_000*int64(i)
			}
		}
		s := detectors.Series{T: ts, V: c.v}
		res, err := detectors.Run(c.id, []detectors.Series{s}, c.raw)
		if err != nil {
			t.Fatalf("%s %v: %v", c.id, c.v, err)
		}
		checkResult(t, s, res[0])
		checkEvents(t, s, res[0])
	}
}
