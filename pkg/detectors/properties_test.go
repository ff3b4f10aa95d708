package detectors

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Property-based tests: random series and random parameters, for every detector. They check the contract
// (docs/detection-contract.md), not numbers: no panic, aligned outputs, NaN and warm-up rules, band and score agreeing,
// causality (a prefix gives the same outputs) and untouched inputs. The TypeScript twin is properties.test.ts.

const runsPerDetector = 60

// notBandScored are detectors whose score is not |x − expected| against the band (documented in their files).
var notBandScored = map[string]bool{"isolation_forest": true, "level_shift": true}

// randomTimeZones: UTC, zones with daylight saving on either hemisphere, and a half-hour offset.
var randomTimeZones = []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}

func randomParams(specs []ParamSpec, rng *rand.Rand) RawParams {
	const numericCap = 120 // keeps windows small enough for random series to get past warm-up
	out := RawParams{}
	for _, s := range specs {
		if rng.Float64() < 0.3 {
			continue
		}
		switch s.Type {
		case "bool":
			out[s.Name] = rng.Float64() < 0.5
		case "enum":
			out[s.Name] = s.Options[rng.IntN(len(s.Options))]
		case "int":
			hi := math.Min(*s.Max, math.Max(*s.Min, numericCap))
			out[s.Name] = *s.Min + float64(rng.IntN(int(hi-*s.Min)+1))
		case "float":
			hi := math.Min(*s.Max, math.Max(math.Max(*s.Min+1, *s.Min*4), 10))
			out[s.Name] = *s.Min + rng.Float64()*(hi-*s.Min)
		case "string": // the only text parameter is a time zone
			out[s.Name] = randomTimeZones[rng.IntN(len(randomTimeZones))]
		}
	}
	return out
}

func randomTimes(rng *rand.Rand, n int) []int64 {
	step := []int64{1000, 15000, 60000, 300000}[rng.IntN(4)]
	t := make([]int64, n)
	now := int64(1_700_000_000_000)
	for i := range t {
		k := int64(1)
		if rng.Float64() < 0.05 {
			k = 2 + rng.Int64N(3)
		}
		now += step * k
		t[i] = now
	}
	return t
}

func randomSeries(rng *rand.Rand, t []int64) Series {
	level := 100 * rng.Float64()
	if rng.Float64() < 0.2 {
		level = 1e6 * rng.Float64()
	}
	noise := rng.Float64() * 10
	if rng.Float64() < 0.15 {
		noise = 0
	}
	amplitude := 0.0
	if rng.Float64() < 0.5 {
		amplitude = rng.Float64() * 20
	}
	period := float64(5 + rng.IntN(40))
	nanRate := 0.0
	if rng.Float64() < 0.5 {
		nanRate = rng.Float64() * 0.3
	}
	v := make([]float64, len(t))
	for i := range v {
		if rng.Float64() < nanRate {
			v[i] = math.NaN()
			continue
		}
		v[i] = level + amplitude*math.Sin(2*math.Pi*float64(i)/period) + noise*(rng.Float64()-0.5)
		if rng.Float64() < 0.02 {
			v[i] += (rng.Float64() - 0.5) * 200
		}
	}
	return Series{T: t, V: v}
}

func checkContract(t *testing.T, ctx string, s Series, r Result, bandBased bool) {
	t.Helper()
	n := len(s.V)
	if len(r.Expected) != n || len(r.Lower) != n || len(r.Upper) != n || len(r.Score) != n || len(r.Anomaly) != n {
		t.Fatalf("%s: outputs not aligned with %d inputs", ctx, n)
	}
	if r.Warmup < 0 {
		t.Fatalf("%s: negative warm-up", ctx)
	}
	for i, x := range s.V {
		score := r.Score[i]
		switch {
		case math.IsNaN(x):
			if r.Anomaly[i] || !math.IsNaN(score) {
				t.Fatalf("%s at %d: a missing point must have NaN score and no anomaly", ctx, i)
			}
			continue
		case math.IsNaN(score):
			if r.Anomaly[i] {
				t.Fatalf("%s at %d: anomaly without a score", ctx, i)
			}
			continue
		}
		if score < 0 || score > ScoreCap {
			t.Fatalf("%s at %d: score %v outside [0, %v]", ctx, i, score, ScoreCap)
		}
		if r.Anomaly[i] && !(score > 1) {
			t.Fatalf("%s at %d: anomaly with score %v", ctx, i, score)
		}
		e, lo, hi := r.Expected[i], r.Lower[i], r.Upper[i]
		if math.IsNaN(e) {
			continue
		}
		if !(lo <= e && e <= hi) {
			t.Fatalf("%s at %d: band [%v, %v] does not hold expected %v", ctx, i, lo, hi, e)
		}
		if bandBased && score > 1 && !(x < lo || x > hi) {
			t.Fatalf("%s at %d: score %v > 1 but %v is inside [%v, %v]", ctx, i, score, x, lo, hi)
		}
	}
}

func sameOutputs(a, b Result, m int) bool {
	same := func(x, y []float64) bool {
		return slices.EqualFunc(x[:m], y[:m], func(p, q float64) bool { return p == q || (math.IsNaN(p) && math.IsNaN(q)) })
	}
	return same(a.Expected, b.Expected) && same(a.Lower, b.Lower) && same(a.Upper, b.Upper) &&
		same(a.Score, b.Score) && slices.Equal(a.Anomaly[:m], b.Anomaly[:m])
}

func TestProperties(t *testing.T) {
	for di, d := range Detectors {
		t.Run(d.ID, func(t *testing.T) {
			rejected := 0
			defer func() {
				if rejected > runsPerDetector/2 {
					t.Errorf("%d of %d random parameter sets broke a cross-parameter rule; draw better ones", rejected, runsPerDetector)
				}
			}()
			for run := 0; run < runsPerDetector; run++ {
				seed := uint64(1000*(di+1) + run)
				rng := rand.New(rand.NewPCG(seed, 7))
				n := rng.IntN(400)
				count := 1
				if d.Multivariate {
					count = 1 + rng.IntN(6)
				}
				times := randomTimes(rng, n)
				group := make([]Series, count)
				for i := range group {
					group[i] = randomSeries(rng, times)
				}
				params := randomParams(d.Params, rng)
				if _, err := ResolveParams(d.ID, params); err != nil {
					rejected++ // each spec was respected, but a rule between parameters (Validate) was not
					continue
				}
				before := cloneSeries(group)
				results, err := Run(d.ID, group, params)
				if err != nil {
					var de *Error
					if !errors.As(err, &de) || de.Code != TooFewSeries {
						t.Fatalf("seed %d: %v", seed, err)
					}
					continue
				}
				for i := range group {
					if !slices.Equal(group[i].T, before[i].T) || !sameFloats(group[i].V, before[i].V) {
						t.Fatalf("seed %d: input mutated", seed)
					}
				}
				for i, r := range results {
					checkContract(t, d.ID, group[i], r, !notBandScored[d.ID])
				}
				again, _ := Run(d.ID, group, params)
				m := rng.IntN(n + 1)
				cut := make([]Series, count)
				for i, s := range group {
					cut[i] = Series{T: s.T[:m], V: s.V[:m]}
				}
				prefixResults, err := Run(d.ID, cut, params)
				if err != nil {
					t.Fatalf("seed %d: prefix of %d points: %v", seed, m, err)
				}
				for i := range results {
					if !sameOutputs(results[i], again[i], n) {
						t.Fatalf("seed %d: not deterministic", seed)
					}
					if !sameOutputs(prefixResults[i], results[i], m) {
						t.Fatalf("seed %d: not causal: the first %d outputs change when later points are added", seed, m)
					}
				}
			}
		})
	}
}
