package query

import (
	"fmt"

	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// Origin is who sent a query: a panel, or Grafana's server-side evaluation, which reads frames as series
// identified by their labels (one number per series and time).
type Origin int

const (
	// OriginPanel is a dashboard panel, Explore or an annotation: every output is fine.
	OriginPanel Origin = iota
	// OriginExpression is a query of a request with server-side expressions (math, reduce, SQL, …) from a dashboard
	// or Explore: Grafana's frontend marks the request with the header X-Grafana-From-Expr.
	OriginExpression
	// OriginAlerting is an alert rule, a Grafana-managed recording rule or a rule preview: Grafana's rule evaluator
	// sets the header FromAlert on every query it runs.
	OriginAlerting
)

// String names the origin for messages.
func (o Origin) String() string {
	switch o {
	case OriginAlerting:
		return "alert and recording rules"
	case OriginExpression:
		return "server-side expressions"
	default:
		return "panels"
	}
}

// defaultOutput is the output of a query that names none: band for panels; score for alert and recording rules
// and expressions, which compare and record one number per series (rules created by provisioning files, the API or
// Terraform carry no editor defaults).
func defaultOutput(o Origin) outputs.QueryOutput {
	if o == OriginPanel {
		return outputs.OutputBand
	}
	return outputs.OutputScore
}

// checkOutput refuses the outputs Grafana's server-side evaluation cannot read: band and forecast (five number
// fields per series that share its labels, so the expression engine sees duplicate series) for rules and
// expressions, and the tables events and crossings (rows, not series) for rules. Dashboard expressions may take the
// tables (SQL). score, anomaly and threshold (one number field per series and label set) are for everyone.
func checkOutput(out outputs.QueryOutput, o Origin) error {
	const choose = "choose output score (0 = expected, above 1 = outside the band), anomaly (1 on anomalous " +
		"points, 0 elsewhere) or threshold (seconds until the forecast reaches a threshold)"
	switch {
	case (out == outputs.OutputBand || out == outputs.OutputForecast) && o != OriginPanel:
		return fmt.Errorf("output %s is for panels: its frames hold several fields per series with the same "+
			"labels, which %s read as duplicate series; %s", out, o, choose)
	case (out == outputs.OutputEvents || out == outputs.OutputCrossings) && o == OriginAlerting:
		return fmt.Errorf("output %s is a table for annotations and panels, not series that %s can evaluate; %s",
			out, o, choose)
	}
	return nil
}
