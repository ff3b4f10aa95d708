package plugin

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// backendBinary is the built backend: $VIGIL_BACKEND_BINARY (e.g. dist/datasource/gpx_vigil_anomaly_linux_amd64
// after npm run build:backend) or a fresh `go build` of ./pkg.
func backendBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("VIGIL_BACKEND_BINARY"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "gpx_vigil_anomaly")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the backend failed: %v\n%s", err, out)
	}
	return bin
}

// The backend executable launched the way Grafana launches it: hashicorp/go-plugin with the SDK's handshake over
// gRPC, then CheckHealth and a score query end to end against the real Prometheus.
func TestBackendOverPluginProtocol(t *testing.T) {
	srv := needPrometheus(t)
	plugin := launchBackend(t)
	settings := settingsFor(srv.URL, map[string]any{"defaultTrainingWindow": "1d"}, nil)
	pCtx := pluginContext(settings)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	health, err := plugin.diag.CheckHealth(ctx,
		&pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(pCtx)})
	if err != nil || health.Status != pluginv2.CheckHealthResponse_OK || !strings.Contains(health.Message, srv.URL) {
		t.Fatalf("CheckHealth over gRPC: %v %v %q", err, health.GetStatus(), health.GetMessage())
	}

	q := dataQuery("A", map[string]any{"expr": `vigil_it_requests{instance="a"}`, "output": "score"})
	bad := dataQuery("B", map[string]any{"expr": "vigil_it_requests", "detector": map[string]any{"type": "nope"}})
	resp := plugin.query(t, panelRequest(settings, q, bad))
	a := resp.Responses["A"]
	if a.Error != nil {
		t.Fatalf("query A: %v", a.Error)
	}
	checkTimeSeriesMulti(t, a.Frames, "score")
	f := a.Frames[0]
	if f.Rows() != 720 || f.Fields[1].Labels["instance"] != "a" {
		t.Fatalf("want 720 scored points of instance a, got %d rows, labels %v", f.Rows(), f.Fields[1].Labels)
	}
	for _, spike := range spikeA {
		row := spike - (dataLen - 720)
		if s := floatAt(f.Fields[1], row); !(s > 1) {
			t.Errorf("the spike at %d must score above 1 over the protocol, got %v", spike, s)
		}
	}
	b := resp.Responses["B"]
	if b.Error == nil || !strings.Contains(b.Error.Error(), "unknown_detector") || b.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("query B: want a downstream unknown_detector error, got %v (%s)", b.Error, b.ErrorSource)
	}
	if raw, _ := json.Marshal(data.Frames{f}); len(raw) == 0 {
		t.Error("frames must encode to JSON for the frontend")
	}
}
