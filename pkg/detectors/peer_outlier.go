package detectors

// PLACEHOLDER: replaced by the real detector.
var PeerOutlier = &Detector{
	ID:          "peer_outlier",
	Name:        "peer_outlier",
	Params:      commonParams(ParamSpec{}),
	Warmup:      func(Params) int { return 0 },
	DetectGroup: func([]Series, Params) ([]Result, error) { panic("not implemented") },
}
