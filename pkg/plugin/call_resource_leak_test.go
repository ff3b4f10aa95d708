package plugin

import (
	"net/http"
	"runtime"
	"testing"
)

// Explanations leave no connection behind: each request builds its LLM client (the settings may have changed) and
// closes its idle connections when done, so 20 explanations and 20 endpoint tests end with the goroutines they
// started gone (before the fix, each left a keep-alive connection and its goroutines for 90 s).
func TestExplanationsLeaveNoConnectionsBehind(t *testing.T) {
	srv := newOpenAIServer(t, "ok")
	before := runtime.NumGoroutine()
	for range 20 {
		if got := callChat(t, llmSettings(srv.URL, nil), chatBody, nil); got.status() != http.StatusOK {
			t.Fatalf("chat: %d %s", got.status(), got.body())
		}
		if got := callResource(t, llmSettings(srv.URL, nil), http.MethodPost, "llm/test", nil); got.status() != http.StatusOK {
			t.Fatalf("test: %d %s", got.status(), got.body())
		}
	}
	if after := settledGoroutines(before); after > before {
		t.Errorf("%d goroutines before 40 explanation requests, %d after", before, after)
	}
}
