package detectors

// Ensemble combines several predictors, calibrates the combined score against the series' own history and holds
// the flag while a deviation lasts. Twin of src/detectors/ensemble.ts, where the formulas, the reasons and the
// sources are written out:
//
//	components: zscore over `window` steps, ewma (half-life window/4), change (previous value + usual change over
//	            `changeWindow` steps), and the seasonal profile when period > 0 (ensemble_parts.go,
//	            seasonal_profile.go); windows in time, spreads floored, lone outliers clipped
//	combination: W_c = (u_c/s_c)², expected = Σ W e / Σ W, raw = sqrt(Σ W (x − e)² / C)
//	calibration: T = max(sensitivity · g · max(history), 3.55) over longWindow steps (≥ 3.1 seasons), only the
//	             second largest flagged score counting; band = expected ± sqrt((T² − raw(expected)²)·C/Σ W)
//	lasting deviations: CUSUM, variance and flat-line tests against a reference, held until adaptAfter
//	                    (ensemble_sustained.go); a held point's band is the reference's, narrowed to exclude it.
var Ensemble = &Detector{
	ID:   "ensemble",
	Name: "Ensemble (calibrated)",
	Description: "Level, change and seasonal predictors combined and calibrated; flags onsets and holds the flag " +
		"while a deviation lasts.",
	Params: append([]ParamSpec{
		intParam("window", 360, 4, 100000,
			"Steps of time the level components look back over (the EWMA half-life is a quarter of it)."),
		intParam("period", 0, 0, 2678400,
			"Season length in seconds for the seasonal component (86400 = daily, at least 60); 0 = none."),
		intParam("changeWindow", 3000, 10, 100000,
			"Steps of time of point-to-point changes the change component is scored against."),
		intParam("longWindow", 1000, 10, 100000,
			"Steps of time of score history a point must beat (at least 3.1 seasons when there is a season)."),
		intParam("minHistory", 30, 1, 100000,
			"Scores of history needed before the first output (after the components take part)."),
		intParam("adaptAfter", 7200, 0, 31*86400,
			"Seconds a lasting deviation stays flagged before it is accepted as the new normal; 0 = flag points only."),
		timezoneParam(),
	}, commonParams(ensembleSensitivitySpec)...),
	Validate: func(p Params) error {
		if period := p.Int("period"); period > 0 && period < minPeriodS {
			return newError(InvalidParam,
				"ensemble: parameter \"period\" must be 0 (no season) or at least %d seconds, got %d", minPeriodS, period)
		}
		return checkTimeZone("ensemble", p.String("timezone"))
	},
	Warmup: func(p Params) int { return min(ensembleQuickSteps, p.Int("window")) + p.Int("minHistory") },
	Detect: func(s Series, p Params) Result { return detectEnsemble(s, p, 0, 0) },
}

var ensembleSensitivitySpec = func() ParamSpec {
	s := floatParam("sensitivity", 1.15, 1, 100,
		"How far a score must beat the largest of its recent history (1.15 = by 15%); larger = fewer anomalies.")
	return s
}()

const (
	minPeriodS = 60 // the seasonal component's shortest period, in seconds
	// ensembleQuickSteps is the steps of data the level and change components need before they take part.
	ensembleQuickSteps = 60
)

// detectEnsemble runs the ensemble with resolved parameters; quickSteps (0 = the default) and seasonFrom come
// from Auto.
func detectEnsemble(s Series, p Params, quickSteps, seasonFrom int) Result {
	window := p.Int("window")
	if quickSteps <= 0 {
		quickSteps = ensembleQuickSteps
	}
	r := runEnsemble(s, engineSettings{
		window:       window,
		changeWindow: p.Int("changeWindow"),
		longWindow:   p.Int("longWindow"),
		periodMs:     p.Float("period") * 1000,
		timezone:     p.String("timezone"),
		seasonFrom:   seasonFrom,
		quickSteps:   min(quickSteps, window),
		minHistory:   p.Int("minHistory"),
		adaptMs:      p.Float("adaptAfter") * 1000,
		sensitivity:  p.Float("sensitivity"),
		sided:        p.String("direction") != "both",
	})
	return scoreAgainstBand(s.V, r, p)
}
