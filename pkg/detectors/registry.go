package detectors

import "strings"

// Detector is what every detector file defines. Univariate detectors set Detect (one series at a time);
// multivariate ones set DetectGroup (aligned series scored together, one result per series). Both receive
// validated series and resolved parameters and never mutate their input.
type Detector struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Description  string      `json:"description"` // one line for pickers and docs
	Multivariate bool        `json:"multivariate"`
	Params       []ParamSpec `json:"params"` // common parameters included
	// Validate, when set, checks rules between parameters that single specs cannot express (InvalidParam).
	Validate func(p Params) error `json:"-"`
	// Warmup is the number of valid points needed before the first output, for these parameters.
	Warmup      func(p Params) int                           `json:"-"`
	Detect      func(s Series, p Params) Result              `json:"-"`
	DetectGroup func(s []Series, p Params) ([]Result, error) `json:"-"`
}

// Detectors lists every detector in the order pickers show them (simple to strong). Mirrors
// src/detectors/registry.ts.
var Detectors = []*Detector{
	Auto,
	Ensemble,
	ZScore,
	MAD,
	EWMA,
	HoltWinters,
	Seasonal,
	LevelShift,
	IsolationForest,
	PeerOutlier,
}

// DefaultDetector is the detector a user gets without choosing.
const DefaultDetector = "auto"

// Get returns the detector with this id, or an UnknownDetector error.
func Get(id string) (*Detector, error) {
	for _, d := range Detectors {
		if d.ID == id {
			return d, nil
		}
	}
	ids := make([]string, len(Detectors))
	for i, d := range Detectors {
		ids[i] = d.ID
	}
	return nil, newError(UnknownDetector, "unknown detector %q; valid detectors: %s", id, strings.Join(ids, ", "))
}

// ResolveParams validates a detector's parameters and fills defaults.
func ResolveParams(id string, raw RawParams) (Params, error) {
	d, err := Get(id)
	if err != nil {
		return nil, err
	}
	p, err := resolveParams(id, d.Params, raw)
	if err != nil {
		return nil, err
	}
	if d.Validate != nil {
		if err := d.Validate(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Run runs a detector on a group of series. Univariate detectors run on each series independently, on its
// samples (a repeated sample counts once: samples.go); multivariate ones score the group together. It returns
// one result per input series, in input order.
func Run(id string, series []Series, raw RawParams) ([]Result, error) {
	d, err := Get(id)
	if err != nil {
		return nil, err
	}
	p, err := ResolveParams(id, raw)
	if err != nil {
		return nil, err
	}
	for i, s := range series {
		if err := validateSeries(id, s, i); err != nil {
			return nil, err
		}
	}
	if d.DetectGroup != nil {
		return d.DetectGroup(series, p)
	}
	out := make([]Result, len(series))
	for i, s := range series {
		out[i] = detectSamples(d.Detect, s, p)
	}
	return out, nil
}
