package detectors

// PLACEHOLDER: replaced by the real detector.
var Ensemble = &Detector{
	ID:     "ensemble",
	Name:   "ensemble",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
