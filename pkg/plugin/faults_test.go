package plugin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// wantError checks one query's error: status, downstream source and the words that tell the user what to change.
func wantError(t *testing.T, r backend.DataResponse, status backend.Status, source backend.ErrorSource, words ...string) {
	t.Helper()
	if r.Error == nil {
		t.Fatalf("want an error containing %q, got frames %v", words, r.Frames)
	}
	if r.Status != status {
		t.Errorf("status %d, want %d (%v)", r.Status, status, r.Error)
	}
	if r.ErrorSource != source {
		t.Errorf("error source %q, want %q (%v)", r.ErrorSource, source, r.Error)
	}
	for _, w := range words {
		if !strings.Contains(r.Error.Error(), w) {
			t.Errorf("error %q does not say %q", r.Error.Error(), w)
		}
	}
}

func promQuery(expr string) backend.DataQuery {
	return dataQuery("A", map[string]any{"expr": expr, "trainingWindow": "1h"})
}

// Invalid PromQL gets Prometheus's own parse error, per query: the valid query next to it still answers.
func TestInvalidPromQL(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds, promQuery("rate(vigil_it_requests[5m]"), dataQuery("OK", map[string]any{"expr": "vigil_it_requests"}))
	wantError(t, resp.Responses["A"], backend.StatusBadRequest, backend.ErrorSourceDownstream,
		"Prometheus rejected the query", "parse error")
	if ok := resp.Responses["OK"]; ok.Error != nil || len(bands(t, ok.Frames)) != 4 {
		t.Errorf("the valid query in the same request must still answer, got %v", ok.Error)
	}
}

// Unknown detectors and bad parameters are typed detector errors that name the fix.
func TestDetectorErrors(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	resp := runQueries(t, ds,
		dataQuery("UNKNOWN", map[string]any{"expr": "vigil_it_requests", "detector": map[string]any{"type": "prophet"}}),
		dataQuery("RANGE", map[string]any{"expr": "vigil_it_requests", "detector": map[string]any{"type": "mad", "params": map[string]any{"window": -3}}}),
		dataQuery("TOP", map[string]any{"expr": "vigil_it_requests", "direction": "sideways"}),
		dataQuery("PARAM", map[string]any{"expr": "vigil_it_requests", "detector": map[string]any{"type": "zscore", "params": map[string]any{"colour": 1}}}),
		dataQuery("OUTPUT", map[string]any{"expr": "vigil_it_requests", "output": "pie"}),
		dataQuery("STEP", map[string]any{"expr": "vigil_it_requests", "step": "soon"}),
		dataQuery("EMPTY", map[string]any{"expr": "  "}),
	)
	src := backend.ErrorSourceDownstream
	wantError(t, resp.Responses["UNKNOWN"], backend.StatusBadRequest, src, "unknown_detector", `"prophet"`, "valid detectors: auto")
	wantError(t, resp.Responses["RANGE"], backend.StatusBadRequest, src, "invalid_param", `"window"`, "must be between")
	wantError(t, resp.Responses["TOP"], backend.StatusBadRequest, src, "invalid_param", "both, up, down", "sideways")
	wantError(t, resp.Responses["PARAM"], backend.StatusBadRequest, src, "invalid_param", `unknown parameter "colour"`)
	wantError(t, resp.Responses["OUTPUT"], backend.StatusBadRequest, src, `unknown output "pie"`, "band, score, anomaly, events, forecast, threshold or crossings")
	wantError(t, resp.Responses["STEP"], backend.StatusBadRequest, src, `"soon" is not a duration`)
	wantError(t, resp.Responses["EMPTY"], backend.StatusBadRequest, src, "no PromQL expression")
}

// A stopped Prometheus: connection refused, for queries and the health check.
func TestPrometheusStopped(t *testing.T) {
	needPrometheus(t)
	stopped, err := promtest.Start(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stopped.Stop()
	ds := newDatasource(context.Background(), settingsFor(stopped.URL, nil, nil))
	r := runQueries(t, ds, promQuery("up")).Responses["A"]
	wantError(t, r, backend.StatusBadGateway, backend.ErrorSourceDownstream, "cannot reach Prometheus at "+stopped.URL,
		"connection refused", "Prometheus is running")
	health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, "connection refused") {
		t.Errorf("health check: %v %q", health.Status, health.Message)
	}
}

// fakePrometheus serves one handler on a loopback port: for faults a real Prometheus cannot be made to produce.
func fakePrometheus(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestDownstreamFaults(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		status  backend.Status
		words   []string
	}{
		{"500", func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "upstream connect error", http.StatusInternalServerError)
		}, backend.StatusBadGateway, []string{"500 Internal Server Error", "upstream connect error", "try again"}},
		{"prometheus execution error", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}`))
		}, backend.StatusTimeout, []string{"query timed out in expression evaluation", "make the query cheaper"}},
		{"html", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!doctype html><title>Grafana</title>"))
		}, backend.StatusBadGateway, []string{"not a Prometheus API response", "not JSON", "points at Prometheus"}},
		{"json that is not prometheus", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"hello":"world"}`))
		}, backend.StatusBadGateway, []string{"not a Prometheus API response", `"status": "success"`}},
		{"truncated json", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]`))
		}, backend.StatusBadGateway, []string{"invalid JSON"}},
		{"401", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
		}, backend.StatusUnauthorized, []string{"401 Unauthorized", "check the authentication settings"}},
		{"403", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusForbidden)
		}, backend.StatusForbidden, []string{"403 Forbidden", "permissions"}},
		{"404", func(w http.ResponseWriter, _ *http.Request) {
			http.NotFound(w, nil)
		}, backend.StatusNotFound, []string{"no Prometheus API at", "/api/v1/query_range", "path prefix"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := newDatasource(context.Background(), settingsFor(fakePrometheus(t, c.handler), nil, nil))
			wantError(t, runQueries(t, ds, promQuery("up")).Responses["A"], c.status, backend.ErrorSourceDownstream, c.words...)
			health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, c.words[0]) {
				t.Errorf("health check must fail with %q, got %v %q", c.words[0], health.Status, health.Message)
			}
		})
	}
}

// A slow Prometheus: the configured timeout ends the query with a message naming the setting.
func TestSlowPrometheusTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	url := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	ds := newDatasource(context.Background(), settingsFor(url, map[string]any{"timeoutSeconds": 0.3}, nil))
	began := time.Now()
	wantError(t, runQueries(t, ds, promQuery("up")).Responses["A"], backend.StatusTimeout, backend.ErrorSourceDownstream,
		"did not answer within 300ms", "raise the timeout")
	if time.Since(began) > 5*time.Second {
		t.Errorf("the timeout did not end the request")
	}
}

// Grafana cancelling the request cancels the Prometheus call.
func TestCancellation(t *testing.T) {
	arrived := make(chan struct{})
	gone := make(chan struct{})
	var once sync.Once
	url := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm() // the server notices a closed connection only once the body is read
		once.Do(func() { close(arrived) })
		select {
		case <-r.Context().Done():
			close(gone)
		case <-time.After(10 * time.Second): // never block the server's shutdown; the check below fails instead
		}
	})
	ds := newDatasource(context.Background(), settingsFor(url, nil, nil))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{promQuery("up")}})
	if err != nil {
		t.Fatal(err)
	}
	if r := resp.Responses["A"]; r.Error == nil || !strings.Contains(r.Error.Error(), "cancelled") {
		t.Errorf("want a cancelled error, got %v", r.Error)
	}
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Error("the request to Prometheus was not cancelled")
	}
}

// Credentials: each auth type reaches the real Prometheus through a proxy that checks it; wrong ones give the
// 401 message, and the secret appears in no message.
func TestAuthenticationReachesPrometheus(t *testing.T) {
	srv := needPrometheus(t)
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	guard := func(check func(r *http.Request) bool) string {
		return fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
			if !check(r) {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			proxy.ServeHTTP(w, r)
		})
	}
	basic := guard(func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && u == "vigil" && p == "s3cret-basic"
	})
	bearer := guard(func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer s3cret-token" })
	headers := guard(func(r *http.Request) bool { return r.Header.Get("X-Scope-OrgID") == "s3cret-tenant" })
	cases := []struct {
		name     string
		url      string
		jsonData map[string]any
		secure   map[string]string
		ok       bool
	}{
		{"basic", basic, map[string]any{"authType": "basic", "basicAuthUser": "vigil"}, map[string]string{"basicAuthPassword": "s3cret-basic"}, true},
		{"basic wrong", basic, map[string]any{"authType": "basic", "basicAuthUser": "vigil"}, map[string]string{"basicAuthPassword": "s3cret-wrong"}, false},
		{"bearer", bearer, map[string]any{"authType": "bearer"}, map[string]string{"bearerToken": "s3cret-token"}, true},
		{"headers", headers, map[string]any{"authType": "headers", "httpHeaderName1": "X-Scope-OrgID"}, map[string]string{"httpHeaderValue1": "s3cret-tenant"}, true},
		{"none", headers, nil, nil, false},
		// Only the chosen authentication is sent: header settings left from an earlier choice are not.
		{"leftover headers", headers, map[string]any{"authType": "basic", "basicAuthUser": "vigil", "httpHeaderName1": "X-Scope-OrgID"},
			map[string]string{"basicAuthPassword": "s3cret-basic", "httpHeaderValue1": "s3cret-tenant"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := newDatasource(context.Background(), settingsFor(c.url, c.jsonData, c.secure))
			r := runQueries(t, ds, promQuery("vigil_it_requests")).Responses["A"]
			health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if c.ok {
				if r.Error != nil || len(bands(t, r.Frames)) != 4 || health.Status != backend.HealthStatusOk {
					t.Fatalf("want 4 series and a healthy check, got %v / %q", r.Error, health.Message)
				}
				return
			}
			wantError(t, r, backend.StatusUnauthorized, backend.ErrorSourceDownstream, "check the authentication settings")
			for _, msg := range []string{r.Error.Error(), health.Message} {
				if strings.Contains(msg, "s3cret") {
					t.Errorf("a secret leaked into a message: %q", msg)
				}
			}
		})
	}
}

// Credentials go only to the configured host: a redirect to the same host is followed (with the credentials), a
// redirect to another host is refused before anything is sent there, with a message that says what to change.
func TestRedirectsKeepCredentialsOnTheConfiguredHost(t *testing.T) {
	srv := needPrometheus(t)
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var elsewhere atomic.Int32
	other := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	})
	authorized := func(r *http.Request) bool {
		u, p, ok := r.BasicAuth()
		return ok && u == "vigil" && p == "s3cret-basic"
	}
	configured := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !authorized(r):
			w.WriteHeader(http.StatusUnauthorized)
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
			proxy.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/away/"):
			http.Redirect(w, r, other+r.URL.Path, http.StatusTemporaryRedirect)
		default:
			http.Redirect(w, r, "/moved"+r.URL.Path, http.StatusTemporaryRedirect)
		}
	})
	basic := func(u string) *Datasource {
		return newDatasource(context.Background(), settingsFor(u, map[string]any{"authType": "basic", "basicAuthUser": "vigil"},
			map[string]string{"basicAuthPassword": "s3cret-basic"}))
	}

	r := runQueries(t, basic(configured), promQuery("vigil_it_requests")).Responses["A"]
	if r.Error != nil || len(bands(t, r.Frames)) != 4 {
		t.Fatalf("a redirect on the same host must be followed with the credentials, got %v", r.Error)
	}
	r = runQueries(t, basic(configured+"/away"), promQuery("vigil_it_requests")).Responses["A"]
	wantError(t, r, backend.StatusBadGateway, backend.ErrorSourceDownstream, "redirected to another host",
		"set the URL to the final address")
	if strings.Contains(r.Error.Error(), "s3cret") {
		t.Errorf("a secret leaked into a message: %q", r.Error)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other host received %d request(s); nothing may be sent there", n)
	}
}

// Invalid settings are reported by every query and the health check, with the setting to change.
func TestInvalidSettings(t *testing.T) {
	cases := []struct {
		jsonData map[string]any
		url      string
		words    string
	}{
		{nil, "", "the Prometheus URL is empty"},
		{nil, "localhost:9090", "not a valid http(s) URL"},
		{map[string]any{"authType": "kerberos"}, "http://127.0.0.1:9", `unknown authentication type "kerberos"`},
		{map[string]any{"authType": "bearer"}, "http://127.0.0.1:9", "no token is saved"},
		{map[string]any{"timeoutSeconds": -1}, "http://127.0.0.1:9", "timeoutSeconds must be a number between"},
		{map[string]any{"defaultTrainingWindow": "a week"}, "http://127.0.0.1:9", `"a week" is not a duration`},
		{map[string]any{"tlsWithCACert": true}, "http://127.0.0.1:9", "no CA certificate is saved"},
	}
	for _, c := range cases {
		ds := newDatasource(context.Background(), settingsFor(c.url, c.jsonData, nil))
		wantError(t, runQueries(t, ds, promQuery("up")).Responses["A"], backend.StatusBadRequest, backend.ErrorSourceDownstream, c.words)
		health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if health.Status != backend.HealthStatusError || !strings.Contains(health.Message, c.words) {
			t.Errorf("health: %q does not say %q", health.Message, c.words)
		}
	}
}

// A healthy Prometheus passes the health check with a message naming it.
func TestCheckHealthOK(t *testing.T) {
	srv := needPrometheus(t)
	ds := newDatasource(context.Background(), settingsFor(srv.URL, nil, nil))
	health, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || health.Status != backend.HealthStatusOk || !strings.Contains(health.Message, srv.URL) {
		t.Errorf("want OK naming %s, got %v %q", srv.URL, err, health.Message)
	}
}

// A panic inside a query (here: an instance whose client was never built) becomes that query's internal error.
func TestPanicBecomesAQueryError(t *testing.T) {
	broken := newDatasource(context.Background(), settingsFor("http://127.0.0.1:9", nil, nil))
	broken.client = nil
	resp := runQueries(t, broken, promQuery("up"))
	wantError(t, resp.Responses["A"], backend.StatusInternal, backend.ErrorSourcePlugin, "internal error in Vigil", "please report it")
}
