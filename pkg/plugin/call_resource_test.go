package plugin

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

const testKey = "sk-test-0123456789abcdef-SECRET"

// openAIServer is a local OpenAI-compatible chat completions server. mode picks its behaviour; every request is
// recorded so tests can check the request shape.
type openAIServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	mode     string
	release  chan struct{} // "gated" mode waits for it between the first and the second chunk
	redirect string        // "redirect" mode sends here
}

type recorded struct {
	Method, Path, Query, Auth, APIKey string
	Body                              map[string]any
}

func newOpenAIServer(t *testing.T, mode string) *openAIServer {
	s := &openAIServer{mode: mode, release: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *openAIServer) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	s.mu.Lock()
	s.requests = append(s.requests, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), r.Header.Get("api-key"), body})
	s.mu.Unlock()
	chunk := func(text string) {
		raw, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "model": "test-model",
			"choices": []map[string]any{{"index": 0, "delta": map[string]any{"content": text}}}})
		fmt.Fprintf(w, "data: %s\n\n", raw)
		w.(http.Flusher).Flush()
	}
	switch s.mode {
	case "ok", "gated", "echo-key":
		w.Header().Set("Content-Type", "text/event-stream")
		// Longer than the key: the redaction holds back len(key)-1 characters until more text arrives.
		chunk("**Summary.** Latency on the checkout route ")
		if s.mode == "gated" {
			select {
			case <-s.release:
			case <-time.After(10 * time.Second):
				chunk("(the handler did not stream the first chunk)")
			}
		}
		if s.mode == "echo-key" {
			// The key split across chunks, as a model repeating its prompt might: it must never reach the browser.
			chunk("your key is " + testKey[:9])
			chunk(testKey[9:] + " ok")
		}
		chunk("doubled at 12:00.")
		fmt.Fprint(w, "data: [DONE]\n\n")
	case "401":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s","type":"invalid_request_error"}}`, testKey)
	case "429":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"message":"Rate limit reached","type":"requests"}}`)
	case "500":
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "<html>internal error, key=%s</html>", testKey)
	case "503":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":{"message":"The engine is currently overloaded","type":"server_error"}}`)
	case "slow":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	case "malformed":
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Welcome to nginx!</body></html>\n")
	case "bad-json":
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\": [ not json\n\n")
	case "redirect":
		http.Redirect(w, r, s.redirect+r.URL.Path, http.StatusTemporaryRedirect)
	}
}

func (s *openAIServer) recorded() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.requests...)
}

// collect is a CallResourceResponseSender that keeps every message, as Grafana's resource proxy receives them.
type collect struct {
	mu     sync.Mutex
	msgs   []*backend.CallResourceResponse
	onSend func(*backend.CallResourceResponse)
}

func (c *collect) Send(r *backend.CallResourceResponse) error {
	c.mu.Lock()
	c.msgs = append(c.msgs, r)
	c.mu.Unlock()
	if c.onSend != nil {
		c.onSend(r)
	}
	return nil
}

func (c *collect) status() int { return c.msgs[0].Status }

func (c *collect) body() string {
	var b strings.Builder
	for _, m := range c.msgs {
		b.Write(m.Body)
	}
	return b.String()
}

func (c *collect) headers() string {
	var b strings.Builder
	for _, m := range c.msgs {
		for k, v := range m.Headers {
			b.WriteString(k + ": " + strings.Join(v, ",") + "\n")
		}
	}
	return b.String()
}

func llmSettings(url string, extra map[string]any) backend.DataSourceInstanceSettings {
	jd := map[string]any{"llmProvider": "openai", "llmUrl": url + "/v1", "llmModel": "gpt-test", "llmTimeoutSeconds": 2}
	for k, v := range extra {
		jd[k] = v
	}
	return settingsFor("http://127.0.0.1:1", jd, map[string]string{"llmApiKey": testKey})
}

var chatBody = []byte(`{"messages":[{"role":"system","content":"You are an SRE."},{"role":"user","content":"Explain: {\"route\":\"/checkout\"}"}]}`)

func callChat(t *testing.T, settings backend.DataSourceInstanceSettings, body []byte, sender *collect) *collect {
	t.Helper()
	if sender == nil {
		sender = &collect{}
	}
	ds := newDatasource(context.Background(), settings)
	req := &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{OrgID: 1, DataSourceInstanceSettings: &settings},
		Path:          "llm/chat", Method: http.MethodPost, URL: "llm/chat", Body: body,
	}
	if err := ds.CallResource(context.Background(), req, sender); err != nil {
		t.Fatalf("CallResource: %v", err)
	}
	if len(sender.msgs) == 0 {
		t.Fatal("no response")
	}
	return sender
}

// ndjson decodes the streamed lines.
func ndjson(t *testing.T, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestChatStreamsFromAnOpenAICompatibleServer(t *testing.T) {
	srv := newOpenAIServer(t, "gated")
	sender := &collect{}
	sender.onSend = func(r *backend.CallResourceResponse) {
		// The first text reaches Grafana while the endpoint is still answering: only then may it go on.
		if bytes.Contains(r.Body, []byte("Summary")) {
			select {
			case <-srv.release:
			default:
				close(srv.release)
			}
		}
	}
	got := callChat(t, llmSettings(srv.URL, nil), chatBody, sender)
	if got.status() != http.StatusOK || !strings.Contains(got.headers(), "application/x-ndjson") {
		t.Fatalf("status %d headers %s", got.status(), got.headers())
	}
	if strings.Contains(got.body(), "did not stream") {
		t.Fatal("the first chunk was held back until the endpoint finished: not streamed")
	}
	if len(got.msgs) < 3 {
		t.Errorf("want the answer in several messages (streamed), got %d", len(got.msgs))
	}
	lines := ndjson(t, got.body())
	text := ""
	for _, l := range lines[:len(lines)-1] {
		text += l["delta"].(string)
	}
	if text != "**Summary.** Latency on the checkout route doubled at 12:00." {
		t.Errorf("text %q", text)
	}
	if last := lines[len(lines)-1]; last["done"] != true || last["model"] != "test-model" {
		t.Errorf("last line %v", last)
	}
	reqs := srv.recorded()
	if len(reqs) != 1 {
		t.Fatalf("%d requests to the endpoint", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/v1/chat/completions" || r.Auth != "Bearer "+testKey {
		t.Errorf("request %s %s auth %q", r.Method, r.Path, r.Auth)
	}
	msgs := r.Body["messages"].([]any)
	if r.Body["model"] != "gpt-test" || r.Body["stream"] != true || len(msgs) != 2 ||
		msgs[1].(map[string]any)["content"] != `Explain: {"route":"/checkout"}` {
		t.Errorf("request body %v", r.Body)
	}
}

func TestChatAzureUsesTheDeploymentURLAndTheAPIKeyHeader(t *testing.T) {
	srv := newOpenAIServer(t, "ok")
	settings := llmSettings(srv.URL, map[string]any{"llmProvider": "azure", "llmUrl": srv.URL, "llmModel": "gpt4o-prod"})
	got := callChat(t, settings, chatBody, nil)
	if got.status() != http.StatusOK {
		t.Fatalf("status %d: %s", got.status(), got.body())
	}
	r := srv.recorded()[0]
	if r.Path != "/openai/deployments/gpt4o-prod/chat/completions" || r.Query != "api-version=2024-10-21" ||
		r.APIKey != testKey || r.Auth != "" {
		t.Errorf("azure request %s ?%s api-key %q auth %q", r.Path, r.Query, r.APIKey, r.Auth)
	}
}

func TestChatErrorsSayWhatToChangeAndNeverEchoTheKey(t *testing.T) {
	cases := []struct {
		mode   string
		status int
		code   string
		says   string
	}{
		{"401", http.StatusBadGateway, "unauthorized", "check the API key"},
		{"429", http.StatusTooManyRequests, "rate_limited", "rate limited"},
		{"500", http.StatusBadGateway, "upstream", "answered 500"},
		{"503", http.StatusBadGateway, "upstream", "overloaded"},
		{"slow", http.StatusGatewayTimeout, "timeout", "did not answer within 2s"},
		{"malformed", http.StatusBadGateway, "malformed", "without any text"},
		{"bad-json", http.StatusBadGateway, "malformed", "not a chat completions stream"},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			srv := newOpenAIServer(t, c.mode)
			began := time.Now()
			got := callChat(t, llmSettings(srv.URL, nil), chatBody, nil)
			var e resourceError
			if err := json.Unmarshal([]byte(got.body()), &e); err != nil {
				t.Fatalf("error body %q: %v", got.body(), err)
			}
			if got.status() != c.status || e.Code != c.code || !strings.Contains(e.Error, c.says) {
				t.Errorf("status %d code %q message %q; want %d %q containing %q", got.status(), e.Code, e.Error, c.status, c.code, c.says)
			}
			if strings.Contains(got.body(), testKey) || strings.Contains(got.headers(), testKey) {
				t.Errorf("the key was echoed: %s", got.body())
			}
			if c.mode == "slow" && time.Since(began) > 5*time.Second {
				t.Errorf("the 2 s timeout took %s", time.Since(began))
			}
		})
	}
}

func TestChatRefusesARedirectToAnotherHost(t *testing.T) {
	other := newOpenAIServer(t, "ok")
	srv := newOpenAIServer(t, "redirect")
	srv.redirect = strings.Replace(other.URL, "127.0.0.1", "localhost", 1) // another host name, same machine
	got := callChat(t, llmSettings(srv.URL, nil), chatBody, nil)
	var e resourceError
	_ = json.Unmarshal([]byte(got.body()), &e)
	if got.status() != http.StatusBadGateway || e.Code != "redirect" || !strings.Contains(e.Error, "redirected to another host") {
		t.Errorf("status %d %v", got.status(), e)
	}
	if n := len(other.recorded()); n != 0 {
		t.Errorf("the other host received %d request(s): the key left the configured host", n)
	}
}

func TestChatRedactsTheKeyFromTheStream(t *testing.T) {
	srv := newOpenAIServer(t, "echo-key")
	got := callChat(t, llmSettings(srv.URL, nil), chatBody, nil)
	if strings.Contains(got.body(), testKey) || strings.Contains(got.body(), testKey[:12]) {
		t.Fatalf("the key reached the browser: %s", got.body())
	}
	if !strings.Contains(got.body(), "[redacted]") {
		t.Errorf("want the key replaced by [redacted]: %s", got.body())
	}
}

func TestChatRejectsBadRequestsAndMissingSettings(t *testing.T) {
	srv := newOpenAIServer(t, "ok")
	bad := map[string][]byte{
		"not JSON":      []byte("hello"),
		"no messages":   []byte(`{"messages":[]}`),
		"assistant":     []byte(`{"messages":[{"role":"assistant","content":"x"}]}`),
		"too large":     []byte(`{"messages":[{"role":"user","content":"` + strings.Repeat("x", 70<<10) + `"}]}`),
		"empty content": []byte(`{"messages":[{"role":"user","content":""}]}`),
	}
	for name, body := range bad {
		got := callChat(t, llmSettings(srv.URL, nil), body, nil)
		if got.status() != http.StatusBadRequest {
			t.Errorf("%s: status %d %s", name, got.status(), got.body())
		}
	}
	if n := len(srv.recorded()); n != 0 {
		t.Errorf("bad requests reached the endpoint %d time(s)", n)
	}
	none := settingsFor("http://127.0.0.1:1", nil, nil)
	got := callChat(t, none, chatBody, nil)
	if got.status() != http.StatusPreconditionFailed || !strings.Contains(got.body(), "not_configured") {
		t.Errorf("without an endpoint: %d %s", got.status(), got.body())
	}
	noModel := llmSettings(srv.URL, map[string]any{"llmModel": ""})
	got = callChat(t, noModel, chatBody, nil)
	if got.status() != http.StatusPreconditionFailed || !strings.Contains(got.body(), "no model is set") {
		t.Errorf("without a model: %d %s", got.status(), got.body())
	}
}

func TestLLMTestRoute(t *testing.T) {
	srv := newOpenAIServer(t, "ok")
	settings := llmSettings(srv.URL, nil)
	ds := newDatasource(context.Background(), settings)
	sender := &collect{}
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{DataSourceInstanceSettings: &settings},
		Path:          "llm/test", Method: http.MethodPost, URL: "llm/test",
	}, sender)
	if err != nil || sender.status() != http.StatusOK || !strings.Contains(sender.body(), `"ok":true`) {
		t.Fatalf("test route: %v %d %s", err, sender.status(), sender.body())
	}
}

// The shipped backend over the plugin protocol: the chat answer arrives as several gRPC messages.
func TestChatStreamsOverThePluginProtocol(t *testing.T) {
	srv := newOpenAIServer(t, "ok")
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{ProtocolVersion: grpcplugin.ProtocolVersion,
			MagicCookieKey: grpcplugin.MagicCookieKey, MagicCookieValue: grpcplugin.MagicCookieValue},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {"resource": &grpcplugin.ResourceGRPCPlugin{}}},
		Cmd:              exec.Command(backendBinary(t)),
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.NewNullLogger(),
		StartTimeout:     30 * time.Second,
	})
	defer client.Kill()
	rpc, err := client.Client()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rpc.Dispense("resource")
	if err != nil {
		t.Fatal(err)
	}
	settings := llmSettings(srv.URL, nil)
	req := &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{OrgID: 1, PluginID: "vigil-anomaly-datasource", DataSourceInstanceSettings: &settings},
		Path:          "llm/chat", Method: http.MethodPost, URL: "llm/chat", Body: chatBody,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := raw.(grpcplugin.ResourceClient).CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []*pluginv2.CallResourceResponse
	for {
		m, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	if len(msgs) < 3 || msgs[0].Code != http.StatusOK {
		t.Fatalf("want a streamed 200 answer in several messages, got %d message(s)", len(msgs))
	}
	var body strings.Builder
	for _, m := range msgs {
		body.Write(m.Body)
	}
	text := ""
	for _, line := range ndjson(t, body.String()) {
		if d, ok := line["delta"].(string); ok {
			text += d
		}
	}
	if text != "**Summary.** Latency on the checkout route doubled at 12:00." || strings.Contains(body.String(), testKey) {
		t.Errorf("body %s", body.String())
	}
}
