package query

import (
	"fmt"
	"math"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// ThresholdOption is the query's threshold as the editor saves it: a value and the side the forecast crosses it
// from (above: reaches value or more, as CPU at 90 %; below: falls to value or less, as free disk space at 0).
type ThresholdOption struct {
	Value     *float64 `json:"value"`
	Direction string   `json:"direction"`
}

// ForecastOptions are the parsed forecast options of a query (docs/query-model.md).
type ForecastOptions struct {
	// Horizon is how far past now the forecast reaches; 0 = the part of the panel's range after now.
	Horizon time.Duration
	// Threshold is set when the query has one; the threshold and crossings outputs need it.
	Threshold *detectors.Threshold
}

// parseForecast reads horizon and threshold. The forecasting outputs need a detector that can forecast (the error
// names those that can), and threshold and crossings need a threshold. Options that an output does not use are
// checked all the same, so an editor's mistake shows before the output is switched.
func parseForecast(m Model, output outputs.QueryOutput, detectorID string) (ForecastOptions, error) {
	var o ForecastOptions
	if m.Horizon != "" {
		d, err := models.ParseDuration(m.Horizon)
		if err != nil {
			return o, fmt.Errorf("horizon: %w", err)
		}
		if d <= 0 {
			return o, fmt.Errorf("horizon %s is not after now; write a duration such as 1d or 12h", m.Horizon)
		}
		o.Horizon = d
	}
	if t := m.Threshold; t != nil && (t.Value != nil || t.Direction != "") {
		if t.Value == nil || math.IsNaN(*t.Value) || math.IsInf(*t.Value, 0) {
			return o, fmt.Errorf("threshold: enter the value the forecast must not reach, e.g. 0 for free disk space")
		}
		switch t.Direction {
		case "", "above":
			o.Threshold = &detectors.Threshold{Value: *t.Value, Above: true}
		case "below":
			o.Threshold = &detectors.Threshold{Value: *t.Value}
		default:
			return o, fmt.Errorf("threshold direction %q: write above (the forecast rises to the value) or below "+
				"(it falls to it)", t.Direction)
		}
	}
	if !output.Forecasts() {
		return o, nil
	}
	if err := detectors.CheckForecast(detectorID); err != nil {
		return o, err
	}
	if o.Threshold == nil && output != outputs.OutputForecast {
		return o, fmt.Errorf("output %s needs a threshold: the value (and above or below) whose crossing to report", output)
	}
	return o, nil
}
