package detectors

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

var updateRegistry = flag.Bool("update-registry", false, "rewrite testdata/registry.json from the Go registry")

const registryGolden = "../../testdata/registry.json"

// The Go registry and the TypeScript registry (src/detectors/registry.test.ts) both equal this file.
func TestRegistryGolden(t *testing.T) {
	got, err := json.MarshalIndent(Detectors, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if *updateRegistry {
		if err := os.WriteFile(registryGolden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(registryGolden)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	_ = json.Unmarshal(got, &g)
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("registry differs from %s; run go test ./pkg/detectors -run TestRegistryGolden -update-registry "+
			"and check the TypeScript registry matches too", registryGolden)
	}
}

func TestRegistrySpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Detectors {
		if seen[d.ID] {
			t.Errorf("duplicate id %s", d.ID)
		}
		seen[d.ID] = true
		if (d.Detect == nil) == (d.DetectGroup == nil) {
			t.Errorf("%s: exactly one of Detect and DetectGroup must be set", d.ID)
		}
		if d.Multivariate != (d.DetectGroup != nil) {
			t.Errorf("%s: Multivariate must match DetectGroup", d.ID)
		}
		n := len(d.Params)
		if n < 3 || d.Params[n-3].Name != "sensitivity" || d.Params[n-1].Name != "minConsecutive" {
			t.Errorf("%s: common parameters must come last", d.ID)
		}
		for _, p := range d.Params {
			// A readable label from paramLabels, never the raw id ("Min consecutive points", not minConsecutive).
			if p.Label == "" || p.Label == p.Name || p.Label[0] < 'A' || p.Label[0] > 'Z' {
				t.Errorf("%s.%s: label %q; add a readable one to paramLabels", d.ID, p.Name, p.Label)
			}
			if p.Type == "int" || p.Type == "float" {
				if def := p.Default.(float64); def < *p.Min || def > *p.Max {
					t.Errorf("%s.%s: default %v outside [%v, %v]", d.ID, p.Name, def, *p.Min, *p.Max)
				}
			}
		}
		p, err := ResolveParams(d.ID, nil)
		if err != nil {
			t.Fatalf("%s: defaults do not resolve: %v", d.ID, err)
		}
		if d.Warmup(p) < 0 {
			t.Errorf("%s: negative warm-up", d.ID)
		}
	}
	if !seen[DefaultDetector] {
		t.Errorf("default detector %s is not registered", DefaultDetector)
	}
}

func TestUnknownDetector(t *testing.T) {
	_, err := Run("prophet", []Series{{T: []int64{1}, V: []float64{1}}}, nil)
	var de *Error
	if !errors.As(err, &de) || de.Code != UnknownDetector || !strings.Contains(de.Message, "zscore") {
		t.Fatalf("want unknown_detector naming the valid detectors, got %v", err)
	}
}

type eventsFile struct {
	Cases []struct {
		Name     string            `json:"name"`
		Labels   map[string]string `json:"labels"`
		T        []int64           `json:"t"`
		V        []encFloat        `json:"v"`
		Expected []encFloat        `json:"expected"`
		Score    []encFloat        `json:"score"`
		Anomaly  []bool            `json:"anomaly"`
		Onset    []encFloat        `json:"onset"`
		Events   []struct {
			Event
			ExpectedAtPeak encFloat `json:"expectedAtPeak"`
		} `json:"events"`
	} `json:"cases"`
}

// testdata/events.json is shared with src/detectors/events.test.ts.
func TestGroupEvents(t *testing.T) {
	b, err := os.ReadFile("../../testdata/events.json")
	if err != nil {
		t.Fatal(err)
	}
	var f eventsFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			r := Result{Expected: floats(c.Expected), Score: floats(c.Score), Anomaly: c.Anomaly}
			if onset := OnsetScores(Series{T: c.T, V: floats(c.V)}, r); !sameFloats(onset, floats(c.Onset)) {
				t.Fatalf("onset scores %v, want %v", onset, c.Onset)
			}
			got := GroupEvents(Series{T: c.T, V: floats(c.V)}, r, c.Labels)
			if len(got) != len(c.Events) {
				t.Fatalf("%d events, want %d: %+v", len(got), len(c.Events), got)
			}
			for i, w := range c.Events {
				want := w.Event
				want.ExpectedAtPeak = float64(w.ExpectedAtPeak)
				g := got[i]
				sameExpected := g.ExpectedAtPeak == want.ExpectedAtPeak ||
					(math.IsNaN(g.ExpectedAtPeak) && math.IsNaN(want.ExpectedAtPeak))
				g.ExpectedAtPeak, want.ExpectedAtPeak = 0, 0
				if !sameExpected || !reflect.DeepEqual(g, want) {
					t.Fatalf("event %d = %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}
