package detectors

// PLACEHOLDER: replaced by the real detector.
var Auto = &Detector{
	ID:     "auto",
	Name:   "auto",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
