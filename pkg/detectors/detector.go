package detectors

// Detector is what every detector file defines. Univariate detectors set Detect (one series at a time);
// multivariate ones set DetectGroup (aligned series scored together, one result per series). Both receive
// validated series and resolved parameters and never mutate their input.
type Detector struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Description  string      `json:"description"` // one line for pickers and docs
	Multivariate bool        `json:"multivariate"`
	Params       []ParamSpec `json:"params"` // common parameters included
	// Validate, when set, checks rules between parameters that single specs cannot express (InvalidParam).
	Validate func(p Params) error `json:"-"`
	// Warmup is the number of valid points needed before the first output, for these parameters.
	Warmup      func(p Params) int                           `json:"-"`
	Detect      func(s Series, p Params) Result              `json:"-"`
	DetectGroup func(s []Series, p Params) ([]Result, error) `json:"-"`
}
