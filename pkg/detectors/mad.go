package detectors

// PLACEHOLDER: replaced by the real detector.
var MAD = &Detector{
	ID:     "mad",
	Name:   "mad",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
