package plugin

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// pluginBackend is the built backend executable launched the way Grafana launches it: hashicorp/go-plugin with the
// SDK's handshake over gRPC. Stopped when the test ends.
type pluginBackend struct {
	data grpcplugin.DataClient
	diag grpcplugin.DiagnosticsClient
}

func launchBackend(t *testing.T) *pluginBackend {
	t.Helper()
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"data":        &grpcplugin.DataGRPCPlugin{},
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		}},
		Cmd:              exec.Command(backendBinary(t)),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.NewNullLogger(),
		StartTimeout:     30 * time.Second,
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("plugin handshake failed: %v", err)
	}
	rawData, err := rpc.Dispense("data")
	if err != nil {
		t.Fatal(err)
	}
	rawDiag, err := rpc.Dispense("diagnostics")
	if err != nil {
		t.Fatal(err)
	}
	return &pluginBackend{data: rawData.(grpcplugin.DataClient), diag: rawDiag.(grpcplugin.DiagnosticsClient)}
}

// pluginContext is what Grafana sends with every request to the data source: the instance settings.
func pluginContext(settings backend.DataSourceInstanceSettings) backend.PluginContext {
	return backend.PluginContext{OrgID: 1, PluginID: "vigil-anomaly-datasource", DataSourceInstanceSettings: &settings}
}

// query sends one QueryData request over gRPC, as Grafana does, and decodes the answer.
func (b *pluginBackend) query(t *testing.T, req *backend.QueryDataRequest) *backend.QueryDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	protoResp, err := b.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		t.Fatalf("QueryData over gRPC: %v", err)
	}
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// Requests as Grafana sends them from a panel, from a rule evaluation (alert rules, recording rules, rule
// previews: the FromAlert header of ngalert's buildDatasourceHeaders) and from a dashboard query with server-side
// expressions (X-Grafana-From-Expr, forwarded as an HTTP header).
func panelRequest(settings backend.DataSourceInstanceSettings, queries ...backend.DataQuery) *backend.QueryDataRequest {
	return &backend.QueryDataRequest{PluginContext: pluginContext(settings), Queries: queries}
}

func alertRequest(settings backend.DataSourceInstanceSettings, queries ...backend.DataQuery) *backend.QueryDataRequest {
	r := panelRequest(settings, queries...)
	r.Headers = map[string]string{backend.FromAlertHeaderName: "true", "X-Cache-Skip": "true"}
	return r
}

func expressionRequest(settings backend.DataSourceInstanceSettings, queries ...backend.DataQuery) *backend.QueryDataRequest {
	r := panelRequest(settings, queries...)
	r.SetHTTPHeader(headerFromExpression, "true")
	return r
}
