package detectors

// PLACEHOLDER: replaced by the real detector.
var Seasonal = &Detector{
	ID:     "seasonal",
	Name:   "seasonal",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
