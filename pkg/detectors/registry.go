package detectors

import "strings"

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

// ResolveParams validates a detector's parameters and fills defaults (see Prepare for the errors).
func ResolveParams(id string, raw RawParams) (Params, error) {
	p, err := Prepare(id, raw)
	if err != nil {
		return nil, err
	}
	return p.Params, nil
}

// Run runs a detector on a group of series: Prepare, then Prepared.Run. It returns one result per input series,
// in input order.
func Run(id string, series []Series, raw RawParams) ([]Result, error) {
	p, err := Prepare(id, raw)
	if err != nil {
		return nil, err
	}
	return p.Run(series)
}
