package plugin

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	stdlog "log"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// The secrets of the secrets test: every secret setting of the data source, with values that occur nowhere else.
const (
	secretUser     = "vigil-user"
	secretPassword = "pw-3f9a1c7e5b2d"
	secretToken    = "tok-8d2e6a0f4c1b"
	secretHeader   = "hdr-5b7c9e1a3d6f"
	secretLLMKey   = "llm-key-6c4a2e8b0d9f"
)

// secretForms are the texts that must appear in no answer and no log line: each secret, and the forms it travels
// in (basic auth's base64 of user:password, the bearer header).
func secretForms(caPEM string) map[string]string {
	forms := map[string]string{
		"basic auth password":      secretPassword,
		"basic auth header":        base64.StdEncoding.EncodeToString([]byte(secretUser + ":" + secretPassword)),
		"bearer token":             secretToken,
		"custom header value":      secretHeader,
		"LLM API key":              secretLLMKey,
		"LLM API key, base64":      base64.StdEncoding.EncodeToString([]byte(secretLLMKey)),
		"bearer token, base64":     base64.StdEncoding.EncodeToString([]byte(secretToken)),
		"custom header, base64":    base64.StdEncoding.EncodeToString([]byte(secretHeader)),
		"basic password, base64":   base64.StdEncoding.EncodeToString([]byte(secretPassword)),
		"basic auth user:password": secretUser + ":" + secretPassword,
	}
	if caPEM != "" { // the CA certificate is stored as a secret: its body must not be echoed either
		lines := strings.Split(strings.TrimSpace(caPEM), "\n")
		forms["TLS CA certificate"] = lines[len(lines)/2]
	}
	return forms
}

// echoHeaders writes the request's headers into the body, as a debug proxy or a misconfigured server might: the
// worst case for a body that ends up in an error message.
func echoHeaders(w io.Writer, r *http.Request) {
	for name, values := range r.Header {
		fmt.Fprintf(w, "%s: %s\n", name, strings.Join(values, ","))
	}
}

// recorder keeps every text a test produced (answers and logs), to search them for secrets.
type recorder struct {
	mu    sync.Mutex
	texts []string
}

func (r *recorder) add(what string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		raw = []byte(fmt.Sprint(v))
	}
	r.mu.Lock()
	r.texts = append(r.texts, what+": "+string(raw))
	r.mu.Unlock()
}

// pluginProcess is the built backend launched over the plugin protocol, its stderr (all its log lines) captured.
type pluginProcess struct {
	data     grpcplugin.DataClient
	diag     grpcplugin.DiagnosticsClient
	resource grpcplugin.ResourceClient
	stderr   *syncBuffer
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startPlugin(t *testing.T) *pluginProcess {
	t.Helper()
	stderr := &syncBuffer{}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{ProtocolVersion: grpcplugin.ProtocolVersion,
			MagicCookieKey: grpcplugin.MagicCookieKey, MagicCookieValue: grpcplugin.MagicCookieValue},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"data": &grpcplugin.DataGRPCPlugin{}, "diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource": &grpcplugin.ResourceGRPCPlugin{}}},
		Cmd:              exec.Command(backendBinary(t)),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.NewNullLogger(),
		Stderr:           stderr, // every line the plugin logs (the SDK logger writes JSON lines to stderr)
		StartTimeout:     30 * time.Second,
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatal(err)
	}
	p := &pluginProcess{stderr: stderr}
	for name, dst := range map[string]any{"data": &p.data, "diagnostics": &p.diag, "resource": &p.resource} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			t.Fatal(err)
		}
		switch d := dst.(type) {
		case *grpcplugin.DataClient:
			*d = raw.(grpcplugin.DataClient)
		case *grpcplugin.DiagnosticsClient:
			*d = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*d = raw.(grpcplugin.ResourceClient)
		}
	}
	return p
}

// every handler with these settings: the health check, a query of each output, and both resource routes. Every
// answer goes into rec; the texts are returned for the checks of the case.
func (p *pluginProcess) every(t *testing.T, rec *recorder, name string, settings backend.DataSourceInstanceSettings) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pCtx := backend.PluginContext{OrgID: 1, PluginID: "vigil-anomaly-datasource", DataSourceInstanceSettings: &settings}
	var texts []string
	keep := func(what string, v any) {
		rec.add(name+" "+what, v)
		raw, _ := json.Marshal(v)
		texts = append(texts, string(raw))
	}

	health, err := p.diag.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(pCtx)})
	if err != nil {
		t.Fatalf("%s: CheckHealth: %v", name, err)
	}
	keep("health", map[string]any{"status": health.Status.String(), "message": health.Message, "details": string(health.JsonDetails)})

	var queries []backend.DataQuery
	for _, output := range []string{"band", "score", "anomaly", "events"} {
		queries = append(queries, dataQuery(output, map[string]any{"expr": "vigil_it_requests", "trainingWindow": "1h", "output": output}))
	}
	protoResp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(&backend.QueryDataRequest{PluginContext: pCtx, Queries: queries}))
	if err != nil {
		t.Fatalf("%s: QueryData: %v", name, err)
	}
	resp, err := backend.FromProto().QueryDataResponse(protoResp)
	if err != nil {
		t.Fatal(err)
	}
	for refID, r := range resp.Responses {
		errText := ""
		if r.Error != nil {
			errText = r.Error.Error()
		}
		frames, _ := json.Marshal(r.Frames) // names, labels, field config, values, meta with notices and the executed query
		var notices []data.Notice
		for _, f := range r.Frames {
			if f.Meta != nil {
				notices = append(notices, f.Meta.Notices...)
			}
		}
		keep("query "+refID, map[string]any{"status": r.Status, "error": errText, "notices": notices, "frames": string(frames)})
	}

	for _, route := range []string{"llm/chat", "llm/test"} {
		req := &backend.CallResourceRequest{PluginContext: pCtx, Path: route, URL: route, Method: http.MethodPost, Body: chatBody}
		stream, err := p.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
		if err != nil {
			t.Fatalf("%s: CallResource: %v", name, err)
		}
		var body strings.Builder
		status := 0
		var headers []string
		for {
			m, err := stream.Recv()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s %s: %v", name, route, err)
			}
			if status == 0 {
				status = int(m.Code)
			}
			for k, v := range m.Headers {
				headers = append(headers, k+": "+strings.Join(v.Values, ","))
			}
			body.Write(m.Body)
		}
		keep(route, map[string]any{"status": status, "headers": headers, "body": body.String()})
	}
	return strings.Join(texts, "\n")
}

// Every secret configured (basic auth password, bearer token, custom header values, the TLS CA certificate, the
// LLM API key), every handler (health, a query of each output, llm/chat and llm/test) and every failure
// (Prometheus down, 401, 500, garbage, a timeout, a redirect to another host; the LLM endpoint 401, 429, 500, a
// redirect to another host, a malformed stream, a timeout, an answer echoing the key), with the servers echoing
// the credentials they receive into their error bodies: no secret, in any form it travels in, appears in any
// answer (health messages, query errors, notices, frames, resource bodies and headers) or in any line the
// backend logs, and no other host receives a request.
func TestSecretsStaySecret(t *testing.T) {
	srv := needPrometheus(t)
	p := startPlugin(t)
	rec := &recorder{}
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		echoHeaders(w, r)
	}))
	defer other.Close()
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) // another host name, same machine

	// Prometheus and what can go wrong with it, each a server that records the credentials it receives.
	var received sync.Map // credential forms seen by the fake servers: proves each secret was sent, then kept out
	record := func(r *http.Request) {
		for _, v := range []string{r.Header.Get("Authorization"), r.Header.Get("X-Scope-OrgID")} {
			if v != "" {
				received.Store(v, true)
			}
		}
	}
	serve := func(h http.HandlerFunc) string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { record(r); h(w, r) }))
		t.Cleanup(s.Close)
		return s.URL
	}
	proxyToPrometheus := func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, srv.URL+r.URL.RequestURI(), r.Body)
		req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.WriteHeader(http.StatusInternalServerError)
		echoHeaders(w, r)
	}))
	tlsSrv.Config.ErrorLog = stdlog.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw}))

	promCases := []struct {
		name, url, says string
		timeout         float64
	}{
		{"ok", serve(proxyToPrometheus), "", 30},
		{"down", "http://127.0.0.1:1", "connection refused", 30},
		{"401", serve(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			echoHeaders(w, r)
		}), "check the authentication settings", 30},
		{"500", serve(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			echoHeaders(w, r)
		}), "500 Internal Server Error", 30},
		{"500 with a Prometheus error", serve(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			var b strings.Builder
			echoHeaders(&b, r)
			_ = json.NewEncoder(w).Encode(map[string]string{"status": "error", "errorType": "internal", "error": b.String()})
		}), "500 Internal Server Error", 30},
		{"garbage", serve(func(w http.ResponseWriter, r *http.Request) { echoHeaders(w, r) }), "not a Prometheus API response", 30},
		{"garbage JSON", serve(func(w http.ResponseWriter, r *http.Request) {
			var b strings.Builder
			echoHeaders(&b, r)
			_ = json.NewEncoder(w).Encode(map[string]string{"status": "error", "error": b.String()})
		}), "Prometheus rejected the query", 30},
		{"timeout", serve(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}), "did not answer within 1s", 1},
		{"redirect", serve(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, otherURL+r.URL.Path, http.StatusTemporaryRedirect)
		}), "redirected to another host", 30},
		{"TLS, CA certificate", tlsSrv.URL, "500 Internal Server Error", 30},
	}
	llmCases := []struct {
		name, says string
		handler    http.HandlerFunc
	}{
		{"LLM answer echoing the key", "[redacted]", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			var b strings.Builder
			echoHeaders(&b, r)
			raw, _ := json.Marshal(map[string]any{"model": "m", "choices": []map[string]any{{"index": 0, "delta": map[string]any{"content": b.String()}}}})
			fmt.Fprintf(w, "data: %s\n\ndata: [DONE]\n\n", raw)
		}},
		{"LLM 401", "check the API key", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			var b strings.Builder
			echoHeaders(&b, r)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": "Incorrect API key provided: " + b.String()}})
		}},
		{"LLM 429", "rate limited", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": "quota for key " + r.Header.Get("Authorization")}})
		}},
		{"LLM 500", "answered 500", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			echoHeaders(w, r)
		}},
		{"LLM redirect", "redirected to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, otherURL+r.URL.Path, http.StatusTemporaryRedirect)
		}},
		{"LLM malformed stream", "not a chat completions stream", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprintf(w, "data: {\"choices\": [ %s\n\n", r.Header.Get("Authorization"))
		}},
		{"LLM timeout", "did not answer within 1s", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	}

	auths := []struct {
		name     string
		jsonData map[string]any
	}{
		{"basic", map[string]any{"authType": "basic", "basicAuthUser": secretUser}},
		{"bearer", map[string]any{"authType": "bearer"}},
		{"headers", map[string]any{"authType": "headers", "httpHeaderName1": "X-Scope-OrgID"}},
	}
	// Every secret is stored in every case (as when a user switches the authentication method), so each case
	// also shows that the secrets of the other methods go nowhere.
	secure := map[string]string{"basicAuthPassword": secretPassword, "bearerToken": secretToken,
		"httpHeaderValue1": secretHeader, "tlsCACert": caPEM, "llmApiKey": secretLLMKey}
	llmURL := serve(llmCases[0].handler)
	caseNo := 0
	settings := func(url string, jd map[string]any, timeout float64, llm string) backend.DataSourceInstanceSettings {
		caseNo++
		all := map[string]any{"timeoutSeconds": timeout, "llmProvider": "openai", "llmUrl": llm + "/v1", "llmModel": "m",
			"llmTimeoutSeconds": 1}
		if strings.HasPrefix(url, "https://") {
			all["tlsWithCACert"] = true
		}
		for k, v := range jd {
			all[k] = v
		}
		s := settingsFor(url, all, secure)
		s.UID = fmt.Sprintf("secrets-%d", caseNo) // a new instance per case, as Grafana keys them
		return s
	}

	for _, auth := range auths {
		for _, c := range promCases {
			name := auth.name + ", Prometheus " + c.name
			got := p.every(t, rec, name, settings(c.url, auth.jsonData, c.timeout, llmURL))
			if c.says != "" && !strings.Contains(got, c.says) {
				t.Errorf("%s: the answers do not say %q, so the failure did not happen:\n%.600s", name, c.says, got)
			}
			if c.name == "ok" && !strings.Contains(got, `"error":""`) {
				t.Errorf("%s: the queries must succeed with valid credentials:\n%.600s", name, got)
			}
		}
	}
	for _, c := range llmCases {
		got := p.every(t, rec, c.name, settings(promCases[0].url, auths[0].jsonData, 30, serve(c.handler)))
		if !strings.Contains(got, c.says) {
			t.Errorf("%s: the answers do not say %q, so the failure did not happen:\n%.600s", c.name, c.says, got)
		}
	}

	// The servers did receive the credentials (each secret was configured and sent) ...
	var sent []string
	received.Range(func(k, _ any) bool { sent = append(sent, k.(string)); return true })
	for what, form := range map[string]string{"basic auth": secretForms("")["basic auth header"], "bearer token": secretToken,
		"custom header": secretHeader, "LLM API key": secretLLMKey} {
		if !strings.Contains(strings.Join(sent, "\n"), form) {
			t.Errorf("the %s never reached a server; the test would prove nothing about it", what)
		}
	}
	// ... and the backend logged (the capture works) ...
	logs := p.stderr.String()
	if !strings.Contains(logs, "Vigil explanation failed") {
		t.Errorf("the backend's log lines were not captured:\n%.500s", logs)
	}
	// ... yet no secret is in any answer or log line, and no other host was asked.
	for what, form := range secretForms(caPEM) {
		for _, text := range append(rec.texts, logs) {
			if i := strings.Index(text, form); i >= 0 {
				t.Errorf("the %s (%q) appears in %.80s…: %q", what, form, text, text[max(0, i-120):min(len(text), i+len(form)+40)])
			}
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("another host received %d request(s)", n)
	}
	t.Logf("%d answers and %d bytes of logs searched for %d secret forms", len(rec.texts), len(logs), len(secretForms(caPEM)))
}
