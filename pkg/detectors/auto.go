package detectors

import "math"

// Auto is what a user gets without choosing: the ensemble with parameters picked from the series itself,
// causally.
//
//   - window = the points in one hour at the step of the first two valid points, clamped to [30, 720];
//   - the first `trainingPoints` valid points (0 = two days of points at that step, clamped to [200, 6000]) are
//     searched for a season with DetectSeason; from the point after them on, a found season (period in whole
//     seconds) adds the seasonal component. Before that point, and when no season is found, the ensemble runs
//     without it. Both runs are causal, so the spliced output is too.
//   - sensitivity, direction and minConsecutive pass through.
//
// AutoParams shows what was chosen. Warm-up and cost are the ensemble's (twice when a season is found).
// Twin of src/detectors/auto.ts.
var Auto = &Detector{
	ID:          "auto",
	Name:        "Auto",
	Description: "Finds the season and step of the series and runs the calibrated ensemble with fitting parameters.",
	Params: append([]ParamSpec{
		intParam("trainingPoints", 0, 0, 1000000,
			"Points searched for a season before it is used; 0 = two days of points (200 to 6000); below 16 = no season."),
	}, commonParams(ensembleSensitivity())...),
	// An upper bound (the window depends on the step); each result's Warmup is exact.
	Warmup: func(p Params) int { return ensembleWarmup(autoEnsembleParams(p, autoMaxWindow, 0)) },
	Detect: detectAuto,
}

const (
	autoMinWindow = 30
	autoMaxWindow = 720
	hourMs        = 3600_000.0
	twoDaysMs     = 2 * 86_400_000.0
)

func ensembleSensitivity() ParamSpec {
	for _, s := range Ensemble.Params {
		if s.Name == "sensitivity" {
			return s
		}
	}
	return ParamSpec{}
}

// AutoChoice is what Auto picked for a series: the ensemble's window and period, and the training length.
type AutoChoice struct {
	Window         int `json:"window"`
	Period         int `json:"period"`
	TrainingPoints int `json:"trainingPoints"`
}

// AutoParams returns the choices Auto makes for a series (causal: from its first two and first trainingPoints
// valid points).
func AutoParams(s Series, p Params) AutoChoice {
	first, step := -1, 0.0
	for i, x := range s.V {
		if math.IsNaN(x) {
			continue
		}
		if first < 0 {
			first = i
		} else {
			step = float64(s.T[i] - s.T[first])
			break
		}
	}
	window := autoMinWindow
	if step > 0 {
		window = clampInt(int(math.Round(hourMs/step)), autoMinWindow, autoMaxWindow)
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
		if period < minPeriodS {
			period = 0 // sub-minute seasons are noise for metrics; ignored
		}
	}
	return AutoChoice{Window: window, Period: period, TrainingPoints: trainingPoints}
}

func detectAuto(s Series, p Params) Result {
	choice := AutoParams(s, p)
	plain := detectEnsemble(s, autoEnsembleParams(p, choice.Window, 0))
	if choice.Period == 0 {
		return plain
	}
	end := trainingEnd(s.V, choice.TrainingPoints)
	with := detectEnsemble(s, autoEnsembleParams(p, choice.Window, choice.Period))
	copy(plain.Expected[end:], with.Expected[end:])
	copy(plain.Lower[end:], with.Lower[end:])
	copy(plain.Upper[end:], with.Upper[end:])
	copy(plain.Score[end:], with.Score[end:])
	copy(plain.Anomaly[end:], with.Anomaly[end:])
	return plain
}

func autoEnsembleParams(p Params, window, period int) Params {
	out, err := resolveParams("ensemble", Ensemble.Params, RawParams{
		"window":         float64(window),
		"period":         float64(period),
		"sensitivity":    p["sensitivity"],
		"direction":      p["direction"],
		"minConsecutive": p["minConsecutive"],
	})
	if err != nil {
		panic("auto: ensemble parameters out of range: " + err.Error()) // a bug, not user input
	}
	return out
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
