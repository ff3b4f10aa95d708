package plugin

import (
	"context"
	"encoding/pem"
	"io"
	stdlog "log"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TLS in front of the real Prometheus: untrusted without the CA, trusted with its CA certificate or skip verify.
func TestTLS(t *testing.T) {
	srv := needPrometheus(t)
	target, _ := url.Parse(srv.URL)
	tlsSrv := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(target))
	tlsSrv.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshakes are expected here
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw}))

	untrusted := newDatasource(context.Background(), settingsFor(tlsSrv.URL, nil, nil))
	wantError(t, runQueries(t, untrusted, promQuery("vigil_it_requests")).Responses["A"], backend.StatusBadGateway,
		backend.ErrorSourceDownstream, "TLS", "unknown authority", "add its CA certificate")
	health, _ := untrusted.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "unknown authority") {
		t.Errorf("health must explain the TLS failure, got %q", health.Message)
	}
	for name, ds := range map[string]*Datasource{
		"ca cert":     newDatasource(context.Background(), settingsFor(tlsSrv.URL, map[string]any{"tlsWithCACert": true}, map[string]string{"tlsCACert": caPEM})),
		"skip verify": newDatasource(context.Background(), settingsFor(tlsSrv.URL, map[string]any{"tlsSkipVerify": true}, nil)),
	} {
		r := runQueries(t, ds, promQuery("vigil_it_requests")).Responses["A"]
		if r.Error != nil || len(bands(t, r.Frames)) != 4 {
			t.Errorf("%s: want 4 series over TLS, got %v", name, r.Error)
		}
	}
	bad := newDatasource(context.Background(), settingsFor(tlsSrv.URL, map[string]any{"tlsWithCACert": true}, map[string]string{"tlsCACert": "not a certificate"}))
	wantError(t, runQueries(t, bad, promQuery("up")).Responses["A"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
		"not a valid PEM certificate")
}
