package detectors

import "slices"

// Prepared is a detector looked up and its parameters validated once, ready to run on any number of series. The
// backend prepares one per query (the query parser), reads its warm-up for the fetch plan and runs it per series
// or per group; building one costs a registry lookup and a parameter check, running it costs only the detector.
type Prepared struct {
	Detector *Detector
	// Params are the resolved parameters: every parameter of the detector present, defaults filled.
	Params Params
	// Warmup is the number of valid points the detector needs before its first output, for these parameters
	// (an upper bound for detectors whose warm-up depends on the series; each Result's Warmup is exact).
	Warmup int
}

// Prepare looks a detector up and resolves its parameters: UnknownDetector for an unknown id, InvalidParam for a
// parameter that is unknown, of the wrong type or out of range, or that breaks a rule between parameters.
func Prepare(id string, raw RawParams) (*Prepared, error) {
	d, err := Get(id)
	if err != nil {
		return nil, err
	}
	p, err := resolveParams(id, d.Params, raw)
	if err != nil {
		return nil, err
	}
	if d.Validate != nil {
		if err := d.Validate(p); err != nil {
			return nil, err
		}
	}
	warmup := 0
	if d.Warmup != nil {
		warmup = d.Warmup(p)
	}
	return &Prepared{Detector: d, Params: p, Warmup: warmup}, nil
}

// Run scores a group of series: a univariate detector each series on its own, on its samples (a repeated sample
// counts once: samples.go), a multivariate one the group together. One result per input series, in input order.
// Every series is checked first (equal lengths, strictly ascending timestamps, no ±Inf: InvalidInput or
// NonFiniteInput); values beyond ±MaxMagnitude are detected as that bound (series.go); inputs are never changed.
func (p *Prepared) Run(input []Series) ([]Result, error) {
	series, cloned := input, false
	for i, s := range input {
		beyond, err := validateSeries(p.Detector.ID, s, i)
		if err != nil {
			return nil, err
		}
		if beyond {
			if !cloned {
				series, cloned = slices.Clone(input), true
			}
			series[i] = withinMagnitude(s)
		}
	}
	if p.Detector.DetectGroup != nil {
		return p.Detector.DetectGroup(series, p.Params)
	}
	out := make([]Result, len(series))
	for i, s := range series {
		out[i] = detectSamples(p.Detector.Detect, s, p.Params)
	}
	return out, nil
}

// RunOne scores one series with a univariate detector (callers spread series over goroutines with it); for a
// multivariate detector it scores the series as a group of one, which fails with TooFewSeries.
func (p *Prepared) RunOne(s Series) (Result, error) {
	out, err := p.Run([]Series{s})
	if err != nil {
		return Result{}, err
	}
	return out[0], nil
}
