// Package query parses a Vigil query (docs/query-model.md) and plans its Prometheus fetch: the detection step, the
// training window and the prepared detector.
package query

import (
	"encoding/json"
	"fmt"
	"slices"
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
	// Timezone is the IANA time zone of daily and weekly seasons; empty = the data source's default time zone
	// (the frontend fills it with the dashboard's for panels).
	Timezone string `json:"timezone,omitempty"`
	Hide     bool   `json:"hide"`
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
	// TimeZone is the time zone given to the detector's `timezone` parameter ("" when the detector has none).
	TimeZone string
	Forecast ForecastOptions
}

// Parse reads and validates the query JSON of a panel (ParseFrom with OriginPanel).
func Parse(raw []byte, settings *models.Settings) (*Parsed, error) {
	return ParseFrom(raw, settings, OriginPanel)
}

// ParseFrom reads and validates the query JSON sent from origin. Errors say what to change in the query editor;
// detector errors keep their *detectors.Error type so callers can show the code. A query without an output gets
// band from panels and score from alert and recording rules and expressions; outputs those cannot read are an
// error that names the ones to use. The time zone of daily and weekly seasons goes to detectors with a `timezone`
// parameter: detector.params.timezone, else the query's timezone, else the data source's default time zone.
func ParseFrom(raw []byte, settings *models.Settings, origin Origin) (*Parsed, error) {
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
	output, err := outputs.ParseQueryOutput(m.Output, defaultOutput(origin))
	if err != nil {
		return nil, err
	}
	if err := checkOutput(output, origin); err != nil {
		return nil, err
	}
	p.Output = output
	// Top-level sensitivity, direction and minConsecutive override the same keys in detector.params.
	common := detectors.CommonOptions{Sensitivity: m.Sensitivity, Direction: m.Direction, MinConsecutive: m.MinConsecutive}
	params := common.Over(m.Detector.Params)
	if p.TimeZone, err = timeZone(p.DetectorID, m, settings); err != nil {
		return nil, err
	}
	if p.TimeZone != "" {
		params["timezone"] = p.TimeZone
	}
	det, err := detectors.Prepare(p.DetectorID, params)
	if err != nil {
		return nil, err
	}
	if tz, ok := det.Params["timezone"].(string); ok {
		p.TimeZone = tz // the zone the detector uses, whichever rule set it
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

// timeZone is the time zone for the detector's `timezone` parameter, or "" when the detector has no such parameter
// (or is unknown: Prepare reports that) or detector.params sets it (the detector checks its own parameter).
// Otherwise the query's timezone (Grafana's "utc" read as UTC), else the data source's default time zone.
func timeZone(detectorID string, m Model, settings *models.Settings) (string, error) {
	d, err := detectors.Get(detectorID)
	if err != nil || !slices.ContainsFunc(d.Params, func(s detectors.ParamSpec) bool { return s.Name == "timezone" }) {
		return "", nil
	}
	if explicit := m.Detector.Params["timezone"]; explicit != nil {
		return "", nil // the detector's own parameter, checked by the detector
	}
	if strings.TrimSpace(m.Timezone) != "" {
		tz, err := models.CheckTimeZone(m.Timezone)
		if err != nil {
			return "", fmt.Errorf("query time zone: %w", err)
		}
		return tz, nil
	}
	if settings.TimeZone != "" {
		return settings.TimeZone, nil
	}
	return models.DefaultTimeZone, nil
}
