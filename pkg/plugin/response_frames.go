package plugin

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/frames"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

type notices []data.Notice

func (n *notices) warn(text string) {
	*n = append(*n, data.Notice{Severity: data.NoticeSeverityWarning, Text: text})
}

// buildFrames makes the frames of the requested output and puts the notices and the executed query on the first
// frame (Grafana shows the notices of every frame; once is enough).
func buildFrames(q *query.Parsed, series []frames.Series, notes notices, plan query.Plan) data.Frames {
	var out data.Frames
	switch q.Output {
	case outputs.OutputEvents:
		out = data.Frames{frames.Events(series, q.DetectorID)}
		if q.Detector.Detector.Multivariate {
			// Which series drove each event of a group detector (the explanations panel shows it).
			if err := frames.AddContribution(out[0], series, q.Detector); err != nil {
				notes.warn("could not compute the per-series contribution: " + err.Error())
			}
		}
	case outputs.OutputScore, outputs.OutputAnomaly:
		for _, s := range series {
			if q.Output == outputs.OutputScore {
				out = append(out, frames.Score(s))
			} else {
				out = append(out, frames.Anomaly(s))
			}
		}
		if len(out) == 0 {
			out = data.Frames{frames.EmptyDataPlane(string(q.Output))}
		}
	case outputs.OutputForecast:
		out = frames.ForecastBand(series)
		if len(out) == 0 {
			out = data.Frames{data.NewFrame("forecast")}
		}
	case outputs.OutputThreshold:
		out = frames.TimeToThreshold(series, *q.Forecast.Threshold)
	case outputs.OutputCrossings:
		out = data.Frames{frames.Crossings(series, *q.Forecast.Threshold, q.DetectorID)}
	default:
		out = frames.Band(series)
		if len(out) == 0 {
			out = data.Frames{data.NewFrame("band")}
		}
	}
	first := out[0]
	if first.Meta == nil {
		first.Meta = &data.FrameMeta{}
	}
	first.Meta.Notices = append(first.Meta.Notices, notes...)
	detector := q.DetectorID
	if q.TimeZone != "" {
		detector += ", time zone " + q.TimeZone
	}
	first.Meta.ExecutedQueryString = fmt.Sprintf("query_range %s start=%s end=%s step=%s (detector %s)",
		q.Expr, plan.FetchStart.Format("2006-01-02T15:04:05Z"), plan.End.Format("2006-01-02T15:04:05Z"), models.FormatDuration(plan.Step), detector)
	return out
}
