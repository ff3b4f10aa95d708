package detectors

import "math"

// Auto is what a user gets without choosing: the ensemble with parameters picked from the series itself,
// causally, in one pass. Twin of src/detectors/auto.ts, where the choices are explained:
//
//   - step = the median of the first gaps (step.go); window = two days in steps, clamped to [120, 720]; the level
//     and change components take part after one hour of steps, clamped to [30, 720]; 80 scores of history;
//   - the first `trainingPoints` valid points (0 = two days of points, clamped to [200, 6000]) are searched for a
//     season with DetectSeason; a season of at least a day adds the seasonal component from the point after them;
//   - adaptAfter, timezone, sensitivity, direction and minConsecutive pass through.
var Auto = &Detector{
	ID:   "auto",
	Name: "Auto",
	Description: "Finds the season and step of the series and runs the calibrated ensemble; holds the flag while a " +
		"deviation lasts.",
	Params: append([]ParamSpec{
		intParam("trainingPoints", 0, 0, 1000000,
			"Points searched for a season before it is used; 0 = two days of points (200 to 6000); below 16 = no season."),
		ensembleParamSpec("adaptAfter"),
		timezoneParam(),
	}, commonParams(ensembleSensitivitySpec)...),
	Validate: func(p Params) error { return checkTimeZone("auto", p.String("timezone")) },
	// An upper bound (the quick warm-up depends on the step); each result's Warmup is exact.
	Warmup: func(p Params) int { return min(ensembleQuickSteps, autoMaxWindow) + autoMinHistory },
	Detect: detectAuto,
}

const (
	hourMs         = 3600_000.0
	autoMinQuick   = 30
	autoMinHistory = 80 // scores of history auto waits for (the ensemble's default is 30)
	// autoMinSeasonS is the shortest season Auto uses, in seconds: a day.
	autoMinSeasonS = 86_400
	// autoMaxSeasonS is the longest, 31 days: the ensemble's longest period (a longer season found in daily data
	// is left out, as a shorter one is).
	autoMaxSeasonS = 2_678_400
	autoMinWindow  = 120
	autoMaxWindow  = 720
	twoDaysMs      = 2 * 86_400_000.0
)

func ensembleParamSpec(name string) ParamSpec {
	for _, s := range Ensemble.Params {
		if s.Name == name {
			return s
		}
	}
	return ParamSpec{}
}

// AutoChoice is what Auto picked for a series.
type AutoChoice struct {
	Window         int     `json:"window"`     // the ensemble's window, in steps
	QuickSteps     int     `json:"quickSteps"` // steps before the level and change components take part
	Period         int     `json:"period"`     // season in whole seconds, 0 = none
	TrainingPoints int     `json:"trainingPoints"`
	Step           float64 `json:"step"` // ms; 0 with fewer than two valid points
}

// AutoParams returns the choices Auto makes for a series (the step from its first 32 valid points, the season
// from its first trainingPoints, used only after them).
func AutoParams(s Series, p Params) AutoChoice {
	var steps stepEstimate
	step := 0.0
	for i := 0; i < len(s.V) && !steps.settled(); i++ {
		if !math.IsNaN(s.V[i]) {
			step = steps.add(s.T[i])
		}
	}
	window := autoMinWindow
	if step > 0 {
		window = clampInt(int(math.Round(twoDaysMs/step)), autoMinWindow, autoMaxWindow)
	}
	quick := autoMinQuick
	if step > 0 {
		quick = clampInt(int(math.Round(hourMs/step)), autoMinQuick, autoMaxWindow)
	}
	trainingPoints := p.Int("trainingPoints")
	if trainingPoints == 0 {
		trainingPoints = 200
		if step > 0 {
			trainingPoints = clampInt(int(math.Round(twoDaysMs/step)), 200, 6000)
		}
	}
	end := trainingEnd(s.V, trainingPoints)
	period := 0
	if end > 0 && trainingPoints >= SeasonMinPoints {
		if season, ok, err := DetectSeason(s.T[:end], s.V[:end]); err == nil && ok {
			period = int(math.Round(season.PeriodMs / 1000))
		}
		if period < autoMinSeasonS || period > autoMaxSeasonS {
			period = 0
		}
	}
	return AutoChoice{Window: window, QuickSteps: quick, Period: period, TrainingPoints: trainingPoints, Step: step}
}

func detectAuto(s Series, p Params) Result {
	c := AutoParams(s, p)
	raw := RawParams{
		"window":         float64(c.Window),
		"period":         float64(c.Period),
		"minHistory":     float64(autoMinHistory),
		"adaptAfter":     p["adaptAfter"],
		"timezone":       p["timezone"],
		"sensitivity":    p["sensitivity"],
		"direction":      p["direction"],
		"minConsecutive": p["minConsecutive"],
	}
	ep, err := resolveParams("ensemble", Ensemble.Params, raw)
	if err != nil {
		panic("auto: ensemble parameters out of range: " + err.Error()) // a bug, not user input
	}
	return detectEnsemble(s, ep, c.QuickSteps, trainingEnd(s.V, c.TrainingPoints))
}

// trainingEnd is the index just after the trainingPoints-th valid point, or 0 when there are fewer.
func trainingEnd(v []float64, trainingPoints int) int {
	count := 0
	for i, x := range v {
		if !math.IsNaN(x) {
			count++
			if count == trainingPoints {
				return i + 1
			}
		}
	}
	return 0
}

func clampInt(x, lo, hi int) int { return min(hi, max(lo, x)) }
