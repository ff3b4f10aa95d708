package detectors

// PLACEHOLDER: replaced by the real detector.
var EWMA = &Detector{
	ID:     "ewma",
	Name:   "ewma",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
