package detectors

// PLACEHOLDER: replaced by the real detector.
var LevelShift = &Detector{
	ID:     "level_shift",
	Name:   "level_shift",
	Params: commonParams(ParamSpec{}),
	Warmup: func(Params) int { return 0 },
	Detect: func(Series, Params) Result { panic("not implemented") },
}
