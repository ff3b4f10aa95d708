package detectors

import "math"

// Auto is what a user gets without choosing: the ensemble with parameters picked from the series itself,
// causally.
//
//   - window = the points in two days at the step of the first two valid points, clamped to [120, 720] (5-minute
//     data: 576; 1-minute or finer: 720; hourly: 120). Long windows keep a daily swing or a burst inside the
//     spread the score is normalised by (on NAB, 30 points scored 13 below 576). Until that window is
//     warm (its ensemble's warm-up, in valid points), a quick ensemble with QuickWindow = one hour of points,
//     clamped to [30, 720], fills in, so a short panel still gets a band. The quick ensemble waits for 80 scores
//     of history instead of 30 (its short window gives noisier scores; with 30, most false alarms of the
//     scenario suite fell in the first fifth of a series);
//   - the first `trainingPoints` valid points (0 = two days of points at that step, clamped to [200, 6000]) are
//     searched for a season with DetectSeason; from the point after them on, a found season (period in whole
//     seconds) of at least a day adds the seasonal component (shorter autocorrelation peaks in two days of data
//     are more often the rhythm of bursts than a season, and the hours-wide window components cover them; on
//     NAB using them cost 1.6 points). Before that point, and when no season is found, the ensemble runs
//     without it. Every run is causal and the switch points depend only on counts of earlier valid points, so
//     the spliced output is causal too.
//   - sensitivity, direction and minConsecutive pass through.
//
// AutoParams shows what was chosen. Warm-up is the quick ensemble's; cost is up to three ensemble runs.
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
	Warmup: func(p Params) int { return ensembleWarmup(autoEnsembleParams(p, autoMaxWindow, 0, 0)) },
	Detect: detectAuto,
}

const (
	hourMs       = 3600_000.0
	autoMinQuick = 30
	// autoQuickMinHistory is the scores of history the quick ensemble waits for (the ensemble's default is 30).
	autoQuickMinHistory = 80
	// autoMinSeasonS is the shortest season Auto uses, in seconds: a day (daily and weekly seasons are the ones
	// metrics have).
	autoMinSeasonS = 86_400
	autoMinWindow  = 120
	autoMaxWindow  = 720
	twoDaysMs      = 2 * 86_400_000.0
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
	QuickWindow    int `json:"quickWindow"` // used until the Window ensemble is warm
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
		window = clampInt(int(math.Round(twoDaysMs/step)), autoMinWindow, autoMaxWindow)
	}
	quickWindow := autoMinQuick
	if step > 0 {
		quickWindow = clampInt(int(math.Round(hourMs/step)), autoMinQuick, autoMaxWindow)
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
		if period < autoMinSeasonS {
			period = 0
		}
	}
	return AutoChoice{Window: window, QuickWindow: quickWindow, Period: period, TrainingPoints: trainingPoints}
}

func detectAuto(s Series, p Params) Result {
	choice := AutoParams(s, p)
	long := autoEnsembleParams(p, choice.Window, 0, 0)
	out := detectEnsemble(s, long)
	// Before the long window is warm: the quick ensemble (skipped when it would be the same one).
	warmEnd := trainingEnd(s.V, ensembleWarmup(long))
	if warmEnd == 0 {
		warmEnd = len(s.V)
	}
	if choice.QuickWindow != choice.Window {
		quick := detectEnsemble(s, autoEnsembleParams(p, choice.QuickWindow, 0, autoQuickMinHistory))
		autoSplice(out, quick, 0, warmEnd)
		out.Warmup = quick.Warmup
	}
	if choice.Period > 0 {
		from := max(trainingEnd(s.V, choice.TrainingPoints), warmEnd)
		autoSplice(out, detectEnsemble(s, autoEnsembleParams(p, choice.Window, choice.Period, 0)), from, len(s.V))
	}
	return out
}

// autoSplice copies outputs [from, to) of src into dst.
func autoSplice(dst, src Result, from, to int) {
	copy(dst.Expected[from:to], src.Expected[from:to])
	copy(dst.Lower[from:to], src.Lower[from:to])
	copy(dst.Upper[from:to], src.Upper[from:to])
	copy(dst.Score[from:to], src.Score[from:to])
	copy(dst.Anomaly[from:to], src.Anomaly[from:to])
}

// autoEnsembleParams resolves the ensemble's parameters; minHistory 0 keeps the ensemble's default.
func autoEnsembleParams(p Params, window, period, minHistory int) Params {
	raw := RawParams{
		"window":         float64(window),
		"period":         float64(period),
		"sensitivity":    p["sensitivity"],
		"direction":      p["direction"],
		"minConsecutive": p["minConsecutive"],
	}
	if minHistory > 0 {
		raw["minHistory"] = float64(minHistory)
	}
	out, err := resolveParams("ensemble", Ensemble.Params, raw)
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
