package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"
	"github.com/vigil-anomaly/vigil/pkg/llm"
	"github.com/vigil-anomaly/vigil/pkg/models"
)

var _ backend.CallResourceHandler = (*Datasource)(nil)

// Limits of an explanation request from the browser.
const (
	maxChatBody     = 64 << 10 // bytes
	maxChatMessages = 8
)

// resources serves the data source's resource calls (/api/datasources/uid/<uid>/resources/…):
//
//	POST llm/chat  {"messages":[{"role":"system"|"user","content":"…"}]}
//	    → 200 application/x-ndjson, one JSON object per line, flushed as the endpoint streams:
//	      {"delta":"text"} … then {"done":true,"model":"…"}, or {"error":"…","code":"timeout"} if the stream
//	      breaks after it started. Errors before any text: a JSON {"error","code"} with status 400 (bad
//	      request), 412 (no endpoint configured), 429 (rate limited), 502 (endpoint error, 401/403, redirect,
//	      malformed answer, unreachable) or 504 (timeout).
//	POST llm/test  → {"ok":true,"model":"…","message":"…"} or the same errors: a one-word completion, for the
//	    config editor's test button.
//
// The endpoint's URL, model and API key come from this data source's settings (models.LoadLLM), never from
// the request, so the browser can neither read the key nor send it elsewhere.
var resources = httpadapter.New(resourceMux())

// CallResource serves the resource routes above.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return resources.CallResource(ctx, req, sender)
}

func resourceMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /llm/chat", handleChat)
	mux.HandleFunc("POST /llm/test", handleTest)
	return mux
}

type chatRequest struct {
	Messages []llm.Message `json:"messages"`
}

type resourceError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

func handleChat(w http.ResponseWriter, r *http.Request) {
	client, settings, ok := llmClient(w, r)
	if !ok {
		return
	}
	defer client.Close()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxChatBody+1))
	var req chatRequest
	switch {
	case err != nil || len(body) > maxChatBody:
		writeError(w, http.StatusBadRequest, "bad_request", "the explanation request is larger than 64 KiB")
		return
	case json.Unmarshal(body, &req) != nil:
		writeError(w, http.StatusBadRequest, "bad_request", `the explanation request is not JSON of the form {"messages":[…]}`)
		return
	}
	if msg := checkMessages(req.Messages); msg != "" {
		writeError(w, http.StatusBadRequest, "bad_request", msg)
		return
	}
	began := time.Now()
	started := false
	enc := json.NewEncoder(w)
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	model, err := client.Stream(r.Context(), req.Messages, func(delta string) error {
		if !started {
			w.Header().Set("Content-Type", "application/x-ndjson")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			started = true
		}
		if err := enc.Encode(map[string]string{"delta": delta}); err != nil {
			return err
		}
		flush()
		return nil
	})
	logResult(settings, began, err)
	var le *llm.Error
	switch {
	case err == nil:
		_ = enc.Encode(map[string]any{"done": true, "model": model})
	case !started && errors.As(err, &le):
		writeError(w, llmStatus(le.Kind), string(le.Kind), le.Message)
	case !started:
		writeError(w, http.StatusBadGateway, "upstream", "the explanation failed: "+err.Error())
	case errors.As(err, &le):
		_ = enc.Encode(resourceError{Error: le.Message, Code: string(le.Kind)})
	default:
		_ = enc.Encode(resourceError{Error: "the explanation stream broke off: " + err.Error(), Code: "upstream"})
	}
}

func handleTest(w http.ResponseWriter, r *http.Request) {
	client, settings, ok := llmClient(w, r)
	if !ok {
		return
	}
	defer client.Close()
	began := time.Now()
	text := ""
	model, err := client.Stream(r.Context(), []llm.Message{{Role: "user", Content: "Reply with the single word OK."}},
		func(delta string) error { text += delta; return nil })
	logResult(settings, began, err)
	var le *llm.Error
	if errors.As(err, &le) {
		writeError(w, llmStatus(le.Kind), string(le.Kind), le.Message)
		return
	}
	if err != nil {
		writeError(w, http.StatusBadGateway, "upstream", err.Error())
		return
	}
	if len(text) > 60 {
		text = text[:60] + "…"
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "model": model,
		"message": "The LLM endpoint answered in " + time.Since(began).Round(time.Millisecond).String() + ": " + text})
}

// llmClient builds the client from the calling data source's settings, or writes the error and returns false.
func llmClient(w http.ResponseWriter, r *http.Request) (*llm.Client, *models.LLMSettings, bool) {
	pCtx := backend.PluginConfigFromContext(r.Context())
	if pCtx.DataSourceInstanceSettings == nil {
		writeError(w, http.StatusBadRequest, "bad_request", "no data source in the request")
		return nil, nil, false
	}
	settings, err := models.LoadLLM(*pCtx.DataSourceInstanceSettings)
	if errors.Is(err, models.ErrLLMNotConfigured) {
		writeError(w, http.StatusPreconditionFailed, "not_configured", err.Error())
		return nil, nil, false
	}
	if err != nil {
		writeError(w, http.StatusPreconditionFailed, "bad_settings", err.Error())
		return nil, nil, false
	}
	client, err := llm.New(*settings)
	if err != nil {
		writeError(w, http.StatusPreconditionFailed, "bad_settings", err.Error())
		return nil, nil, false
	}
	return client, settings, true
}

func checkMessages(messages []llm.Message) string {
	if len(messages) == 0 || len(messages) > maxChatMessages {
		return "the explanation request needs 1 to 8 messages"
	}
	for _, m := range messages {
		if m.Role != "system" && m.Role != "user" {
			return `message roles must be "system" or "user"`
		}
		if m.Content == "" {
			return "a message is empty"
		}
	}
	return ""
}

func llmStatus(k llm.Kind) int {
	switch k {
	case llm.KindRateLimited:
		return http.StatusTooManyRequests
	case llm.KindTimeout:
		return http.StatusGatewayTimeout
	case llm.KindCanceled:
		return 499 // client closed request
	default:
		return http.StatusBadGateway
	}
}

// logResult logs the outcome without the key or the text (settings.String() leaves the key out).
func logResult(s *models.LLMSettings, began time.Time, err error) {
	if err != nil {
		log.DefaultLogger.Warn("Vigil explanation failed", "llm", s.String(), "durationMs", time.Since(began).Milliseconds(), "error", err.Error())
		return
	}
	log.DefaultLogger.Debug("Vigil explanation streamed", "llm", s.String(), "durationMs", time.Since(began).Milliseconds())
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, resourceError{Error: message, Code: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
