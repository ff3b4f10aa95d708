package detectors

// PLACEHOLDER: replaced by the real detector.
var IsolationForest = &Detector{
	ID:          "isolation_forest",
	Name:        "isolation_forest",
	Params:      commonParams(ParamSpec{}),
	Warmup:      func(Params) int { return 0 },
	DetectGroup: func([]Series, Params) ([]Result, error) { panic("not implemented") },
}
