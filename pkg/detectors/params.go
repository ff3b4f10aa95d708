package detectors

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
)

// ParamSpec describes a detector parameter for the registry, the editors and the docs. JSON field names match
// the TypeScript ParamSpec so both registries serialise to the same document (testdata/detectors/registry.json).
type ParamSpec struct {
	Name string `json:"name"`
	// Label is the readable name editors and docs show ("Training points"), from paramLabels.
	Label   string   `json:"label"`
	Type    string   `json:"type"` // int | float | enum | bool | string
	Default any      `json:"default"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Options []string `json:"options,omitempty"`
	// Description is the help text.
	Description string `json:"description"`
}

// RawParams are parameters as a caller writes them (decoded JSON); absent or nil entries take the default.
type RawParams map[string]any

// Params are resolved parameters: every parameter of the detector present, numbers as float64.
type Params map[string]any

// Int returns an int parameter.
func (p Params) Int(name string) int { return int(p[name].(float64)) }

// Float returns a float parameter.
func (p Params) Float(name string) float64 { return p[name].(float64) }

// String returns an enum parameter.
func (p Params) String(name string) string { return p[name].(string) }

// Bool returns a bool parameter.
func (p Params) Bool(name string) bool { return p[name].(bool) }

// paramLabels are the readable names of every detector parameter, by parameter name (a name means the same thing
// in every detector that has it). One table for all detectors so the labels read alike; a test fails when a
// parameter has none. Twin of PARAM_LABELS in src/detectors/params.ts.
var paramLabels = map[string]string{
	"trainingPoints": "Training points",
	"window":         "Window (points)",
	"period":         "Season (seconds)",
	"longWindow":     "Score history (points)",
	"changeWindow":   "Change history (points)",
	"minHistory":     "Min score history",
	"halfLife":       "Half-life (points)",
	"seasonLength":   "Season (points)",
	"alpha":          "Level smoothing",
	"beta":           "Trend smoothing",
	"gamma":          "Seasonal smoothing",
	"spreadHalfLife": "Spread half-life (points)",
	"seasons":        "Seasons",
	"bucket":         "Phase width (seconds)",
	"neighbours":     "Neighbour phases",
	"recent":         "Recent points",
	"retrain":        "Retrain every (points)",
	"trees":          "Trees",
	"sampleSize":     "Sample size",
	"lags":           "Lag features",
	"seed":           "Random seed",
	"minSpread":      "Min spread",
	"sensitivity":    "Sensitivity",
	"direction":      "Direction",
	"minConsecutive": "Min consecutive points",
	"adaptAfter":     "Adapt after (seconds)",
	"timezone":       "Time zone",
}

func bounds(lo, hi float64) (*float64, *float64) { return &lo, &hi }

// intParam and floatParam build numeric specs with inclusive bounds.
func intParam(name string, def, lo, hi float64, description string) ParamSpec {
	min, max := bounds(lo, hi)
	return ParamSpec{Name: name, Label: paramLabels[name], Type: "int", Default: def, Min: min, Max: max, Description: description}
}

func floatParam(name string, def, lo, hi float64, description string) ParamSpec {
	min, max := bounds(lo, hi)
	return ParamSpec{Name: name, Label: paramLabels[name], Type: "float", Default: def, Min: min, Max: max, Description: description}
}

// commonParams are accepted by every detector; sensitivity takes a per-detector default and description.
func commonParams(sensitivity ParamSpec) []ParamSpec {
	s := floatParam("sensitivity", 3, 0.1, 100,
		"Band half-width in the detector’s spread unit (e.g. standard deviations); larger = fewer anomalies.")
	if sensitivity.Default != nil {
		s.Default = sensitivity.Default
	}
	if sensitivity.Min != nil {
		s.Min, s.Max = sensitivity.Min, sensitivity.Max
	}
	if sensitivity.Description != "" {
		s.Description = sensitivity.Description
	}
	return []ParamSpec{
		s,
		{Name: "direction", Label: paramLabels["direction"], Type: "enum", Default: "both", Options: []string{"both", "up", "down"},
			Description: "Which deviations count: above the band (up), below it (down) or both."},
		intParam("minConsecutive", 1, 1, 1000,
			"Flag a point only when it is the n-th or later consecutive point outside the band."),
	}
}

// CommonOptions are the options every detector takes (see commonParams) as queries and editors hold them, next
// to the detector's own parameters. Nil or empty = not set.
type CommonOptions struct {
	Sensitivity    *float64
	Direction      string
	MinConsecutive *float64
}

// Over returns a copy of a detector's raw parameters with the set common options laid over them: a set option
// replaces the same key in raw, an unset one leaves raw's value (or the detector's default) in place. This is the
// one place the common options meet a detector's parameters (twin of withCommonOptions in src/detectors).
func (c CommonOptions) Over(raw RawParams) RawParams {
	out := make(RawParams, len(raw)+3)
	for k, v := range raw {
		out[k] = v
	}
	if c.Sensitivity != nil {
		out["sensitivity"] = *c.Sensitivity
	}
	if c.Direction != "" {
		out["direction"] = c.Direction
	}
	if c.MinConsecutive != nil {
		out["minConsecutive"] = *c.MinConsecutive
	}
	return out
}

// resolveParams validates raw parameters against the specs and fills defaults.
func resolveParams(detectorID string, specs []ParamSpec, raw RawParams) (Params, error) {
	known := make([]string, len(specs))
	for i, s := range specs {
		known[i] = s.Name
	}
	for name := range raw {
		if !slices.Contains(known, name) {
			return nil, newError(InvalidParam, "%s: unknown parameter %q; valid parameters: %s",
				detectorID, name, strings.Join(known, ", "))
		}
	}
	out := make(Params, len(specs))
	for _, spec := range specs {
		value, ok := raw[spec.Name]
		if !ok || value == nil {
			out[spec.Name] = spec.Default
			continue
		}
		checked, err := checkValue(detectorID, spec, value)
		if err != nil {
			return nil, err
		}
		out[spec.Name] = checked
	}
	return out, nil
}

func checkValue(detectorID string, spec ParamSpec, value any) (any, error) {
	where := sprintf("%s: parameter %q", detectorID, spec.Name)
	switch spec.Type {
	case "bool":
		b, ok := value.(bool)
		if !ok {
			return nil, newError(InvalidParam, "%s must be true or false, got %s", where, jsonText(value))
		}
		return b, nil
	case "string":
		s, ok := value.(string)
		if !ok {
			return nil, newError(InvalidParam, "%s must be a string, got %s", where, jsonText(value))
		}
		return s, nil
	case "enum":
		s, ok := value.(string)
		if !ok || !slices.Contains(spec.Options, s) {
			return nil, newError(InvalidParam, "%s must be one of %s, got %s",
				where, strings.Join(spec.Options, ", "), jsonText(value))
		}
		return s, nil
	default:
		x, ok := toFloat(value)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, newError(InvalidParam, "%s must be a finite number, got %s", where, jsonText(value))
		}
		if spec.Type == "int" && x != math.Trunc(x) {
			return nil, newError(InvalidParam, "%s must be a whole number, got %v", where, x)
		}
		if x < *spec.Min || x > *spec.Max {
			return nil, newError(InvalidParam, "%s must be between %v and %v, got %v", where, *spec.Min, *spec.Max, x)
		}
		return x, nil
	}
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func jsonText(v any) string {
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return sprintf("%v", f)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sprintf("%v", v)
	}
	return string(b)
}
