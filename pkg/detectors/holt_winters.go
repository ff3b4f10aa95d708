package detectors

// PLACEHOLDER: replaced by the real detector.
var HoltWinters = &Detector{
	ID:     "holt_winters",
	Name:   "holt_winters",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
