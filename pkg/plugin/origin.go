package plugin

import (
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// headerFromExpression is the header Grafana's frontend puts on requests that carry server-side expressions
// (PluginRequestHeaders.FromExpression in @grafana/runtime's DataSourceWithBackend); Grafana forwards it to the
// plugin as a forwarded HTTP header (TracingHeaderMiddleware in grafana/grafana pkg/services/pluginsintegration/
// clientmiddleware), read with QueryDataRequest.GetHTTPHeader, as Grafana's own Elasticsearch data source does.
const headerFromExpression = "X-Grafana-From-Expr"

// requestOrigin says who sent a request, from the headers Grafana sets:
//   - FromAlert (backend.FromAlertHeaderName): Grafana's rule evaluator puts "FromAlert": "true" on every query of
//     an alert rule, a Grafana-managed recording rule and a rule preview (buildDatasourceHeaders in grafana/grafana
//     pkg/services/ngalert/eval/eval.go); Grafana's Prometheus data source tests it the same way
//     (pkg/promlib/querydata/request.go). Its key is matched case-insensitively: over HTTP it is canonicalised
//     to "Fromalert".
//   - X-Grafana-From-Expr: a dashboard or Explore request with expressions (see headerFromExpression); the
//     expression engine passes the request's headers on to each data source query (pkg/expr/nodes.go).
//
// Anything else is a panel.
func requestOrigin(req *backend.QueryDataRequest) query.Origin {
	for k, v := range req.Headers {
		if strings.EqualFold(k, backend.FromAlertHeaderName) && v != "" && !strings.EqualFold(v, "false") {
			return query.OriginAlerting
		}
	}
	if req.GetHTTPHeader(headerFromExpression) != "" {
		return query.OriginExpression
	}
	return query.OriginPanel
}
