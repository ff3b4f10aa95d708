// Package query parses a Vigil query (docs/query-model.md) and plans its Prometheus fetch: the detection step, the
// training window and the prepared detector.
package query

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Model is the query JSON as the frontend sends it (template variables already interpolated).
type Model struct {
	RefID          string         `json:"refId"`
	Expr           string         `json:"expr"`
	LegendFormat   string         `json:"legendFormat"`
	Detector       DetectorChoice `json:"detector"`
	Sensitivity    *float64       `json:"sensitivity"`
	Direction      string         `json:"direction"`
	MinConsecutive *float64       `json:"minConsecutive"`
	TrainingWindow string         `json:"trainingWindow"`
	Step           string         `json:"step"`
	Output         string         `json:"output"`
	Hide           bool           `json:"hide"`
	// Horizon and Threshold are the forecast options (forecast.go): how far past now, and the level whose crossing
	// the threshold and crossings outputs report.
	Horizon   string           `json:"horizon"`
	Threshold *ThresholdOption `json:"threshold"`
}

// DetectorChoice is the detector and its own parameters.
type DetectorChoice struct {
	Type   string              `json:"type"`
	Params detectors.RawParams `json:"params"`
}

// Parsed is a validated query: the detector prepared (looked up, parameters resolved) and the durations parsed.
type Parsed struct {
	Model
	// Output is the model's output checked against the shared list (band when the query has none).
	Output     outputs.QueryOutput
	DetectorID string
	// Detector runs the query's detector with detector.params and the top-level common options laid over them;
	// its Warmup sizes the history the plan fetches.
	Detector       *detectors.Prepared
	TrainingWindow time.Duration
	Step           time.Duration // 0 = auto
	Forecast       ForecastOptions
}

// Parse reads and validates the query JSON. Errors say what to change in the query editor; detector errors
// keep their *detectors.Error type so callers can show the code.
func Parse(raw []byte, settings *models.Settings) (*Parsed, error) {
	var m Model
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("the query is not valid JSON: %v", err)
	}
	if strings.TrimSpace(m.Expr) == "" {
		return nil, fmt.Errorf("the query has no PromQL expression; enter one, e.g. rate(http_requests_total[5m])")
	}
	p := &Parsed{Model: m, DetectorID: m.Detector.Type}
	if p.DetectorID == "" {
		p.DetectorID = detectors.DefaultDetector
	}
	output, err := outputs.ParseQueryOutput(m.Output, outputs.OutputBand)
	if err != nil {
		return nil, err
	}
	p.Output = output
	// Top-level sensitivity, direction and minConsecutive override the same keys in detector.params.
	common := detectors.CommonOptions{Sensitivity: m.Sensitivity, Direction: m.Direction, MinConsecutive: m.MinConsecutive}
	det, err := detectors.Prepare(p.DetectorID, common.Over(m.Detector.Params))
	if err != nil {
		return nil, err
	}
	p.Detector = det
	p.TrainingWindow = settings.TrainingWindow
	if m.TrainingWindow != "" {
		if p.TrainingWindow, err = models.ParseDuration(m.TrainingWindow); err != nil {
			return nil, fmt.Errorf("training window: %w", err)
		}
	}
	if p.Forecast, err = parseForecast(m, output, p.DetectorID); err != nil {
		return nil, err
	}
	if m.Step != "" && m.Step != "auto" {
		if p.Step, err = models.ParseDuration(m.Step); err != nil {
			return nil, fmt.Errorf("step: %w (or write auto)", err)
		}
		if p.Step < time.Second {
			return nil, fmt.Errorf("step %s is below 1s; write a step of at least 1s, or auto", m.Step)
		}
	}
	return p, nil
}
