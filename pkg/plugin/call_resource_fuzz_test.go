package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// callResource sends one resource request to a fresh instance, as Grafana's resource proxy does, and collects
// the answer.
func callResource(t *testing.T, settings backend.DataSourceInstanceSettings, method, path string, body []byte) *collect {
	t.Helper()
	got, err := sendResource(settings, method, path, body)
	if err != nil {
		t.Fatalf("CallResource returned an error: %v", err)
	}
	if len(got.msgs) == 0 {
		t.Fatalf("%s %q: no response", method, path)
	}
	return got
}

func sendResource(settings backend.DataSourceInstanceSettings, method, path string, body []byte) (*collect, error) {
	sender := &collect{}
	ds := newDatasource(context.Background(), settings)
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{
		PluginContext: backend.PluginContext{OrgID: 1, DataSourceInstanceSettings: &settings},
		Path:          path, Method: method, URL: path, Body: body,
	}, sender)
	return sender, err
}

// fuzzUpstream is the LLM endpoint of FuzzCallResource: it answers with the current input's status and body,
// where every "KEY" in the body becomes the API key (an endpoint echoing the key, as a model repeating its
// prompt might). It closes each connection, so thousands of runs hold no idle connections.
type fuzzUpstream struct {
	status   atomic.Int32
	body     atomic.Pointer[[]byte]
	requests atomic.Int32
}

func (u *fuzzUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.requests.Add(1)
	w.Header().Set("Connection", "close")
	status := int(u.status.Load())
	if status == http.StatusTemporaryRedirect {
		http.Redirect(w, r, "http://elsewhere.invalid"+r.URL.Path, status)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.ReplaceAll(*u.body.Load(), []byte("KEY"), []byte(testKey)))
}

// FuzzCallResource sends random methods, paths and bodies to the resource handler (the LLM proxy), with the
// endpoint answering a random status (200, 401, 429, 500 or a redirect to another host) and a random body. For
// every input: an answer, never a panic; the API key in no answer (status, headers, body), even when the endpoint
// echoes it; a redirect never points the browser at another host; the endpoint is called only for a POST to
// llm/test or a POST to llm/chat whose body is 1 to 8 messages of role system or user, none empty; every error
// our handlers write is JSON {"error","code"} with a message; a streamed chat answer is one JSON object per line,
// each a delta, the end ({"done":true}) or an error, ending with the end or an error.
func FuzzCallResource(f *testing.F) {
	up := &fuzzUpstream{}
	srv := httptest.NewServer(up)
	f.Cleanup(srv.Close)
	settings := llmSettings(srv.URL, nil)
	stream := []byte("data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Latency KEY doubled\"}}]}\n\ndata: [DONE]\n\n")
	f.Add("POST", "llm/chat", chatBody, uint8(0), stream)
	f.Add("POST", "llm/test", []byte{}, uint8(0), stream)
	f.Add("POST", "llm/chat", chatBody, uint8(1), []byte(`{"error":{"message":"Incorrect API key provided: KEY"}}`))
	f.Add("POST", "llm/chat", chatBody, uint8(2), []byte(`{"error":{"message":"Rate limit"}}`))
	f.Add("POST", "llm/chat", chatBody, uint8(3), []byte("<html>KEY</html>"))
	f.Add("POST", "llm/chat", chatBody, uint8(4), stream)
	f.Add("POST", "llm/chat", chatBody, uint8(0), []byte("data: {\"choices\": [ not json\n\n"))
	f.Add("POST", "llm/chat", []byte(`{"messages":[{"role":"assistant","content":"x"}]}`), uint8(0), stream)
	f.Add("GET", "llm/chat", chatBody, uint8(0), stream)
	f.Add("POST", "llm//chat/../chat", chatBody, uint8(0), stream)
	f.Add("DELETE", "/../../etc/passwd", []byte("x"), uint8(0), stream)
	f.Fuzz(func(t *testing.T, method, path string, body []byte, mode uint8, upstream []byte) {
		up.status.Store(int32([]int{200, 401, 429, 500, http.StatusTemporaryRedirect}[mode%5]))
		up.body.Store(&upstream)
		up.requests.Store(0)
		got, err := sendResource(settings, method, path, body)
		if err != nil || len(got.msgs) == 0 {
			// The SDK's adapter refuses what is not an HTTP request (a method that is no token, a path that is no
			// URL) before any handler runs; Grafana forwards real HTTP requests only.
			if _, reqErr := http.NewRequest(method, "/"+path, nil); reqErr == nil && err == nil {
				t.Fatalf("%s %q: no answer and no error", method, path)
			}
			if up.requests.Load() != 0 {
				t.Fatalf("a refused request reached the endpoint")
			}
			return
		}
		status, answer, headers := got.status(), got.body(), got.headers()

		if strings.Contains(answer, testKey) || strings.Contains(headers, testKey) {
			t.Fatalf("the API key reached the answer: %d %s %s", status, headers, answer)
		}
		if loc := got.msgs[0].Headers["Location"]; len(loc) > 0 {
			if u, err := url.Parse(loc[0]); err != nil || u.Host != "" || u.Scheme != "" {
				t.Fatalf("a redirect to %q: the browser must stay on Grafana", loc[0])
			}
		}
		if calls := up.requests.Load(); calls > 0 {
			var req chatRequest
			chat := json.Unmarshal(body, &req) == nil && checkMessages(req.Messages) == ""
			if method != http.MethodPost || status == http.StatusNotFound || status == http.StatusMethodNotAllowed ||
				(!chat && !strings.Contains(path, "test")) {
				t.Fatalf("%s %q with body %q reached the endpoint %d time(s)", method, path, body, calls)
			}
		}
		ours := strings.Contains(headers, "application/json") || strings.Contains(headers, "application/x-ndjson")
		switch {
		case !ours:
			if status != http.StatusNotFound && status != http.StatusMethodNotAllowed && status/100 != 3 {
				t.Fatalf("status %d without a JSON body: %s", status, answer)
			}
		case status != http.StatusOK:
			var e resourceError
			if err := json.Unmarshal([]byte(answer), &e); err != nil || e.Error == "" || e.Code == "" {
				t.Fatalf("error %d is not {\"error\",\"code\"}: %s", status, answer)
			}
			if !map[int]bool{400: true, 412: true, 429: true, 499: true, 502: true, 504: true}[status] {
				t.Fatalf("status %d is not one the handler documents: %s", status, answer)
			}
		case strings.Contains(headers, "application/x-ndjson"):
			checkChatStream(t, answer)
		default:
			var ok struct {
				OK      bool   `json:"ok"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal([]byte(answer), &ok); err != nil || !ok.OK || ok.Message == "" {
				t.Fatalf("a 200 test answer must be {\"ok\":true,\"message\"}: %s", answer)
			}
		}
	})
}

// checkChatStream checks a streamed chat answer: JSON lines, each a delta, the end or an error; the last one the
// end or an error, and nothing after it.
func checkChatStream(t *testing.T, answer string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(answer, "\n"), "\n")
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %q", i, line)
		}
		_, delta := m["delta"].(string)
		done := m["done"] == true
		_, failed := m["error"].(string)
		last := i == len(lines)-1
		switch {
		case delta && !last:
		case (done || failed) && last:
		default:
			t.Fatalf("line %d of %d is %v: want deltas, then the end or an error", i+1, len(lines), m)
		}
	}
}
