// Package llm streams chat completions from an OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM,
// LiteLLM …) for the explanations panel, with the API key kept on the server: it goes only to the configured
// host (redirects elsewhere are refused) and never appears in an error, a log line or the streamed text.
// Built on github.com/sashabaranov/go-openai (the client Grafana's LLM app uses).
package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	openai "github.com/sashabaranov/go-openai"
	"github.com/vigil-anomaly/vigil/pkg/models"
)

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// MaxTokens bounds the length of an explanation (a note of about 250 words needs fewer).
const MaxTokens = 900

// Kind says what went wrong, so the resource handler can choose a status and the panel a message.
type Kind string

const (
	KindUnauthorized Kind = "unauthorized" // 401/403: the key is wrong or lacks access
	KindRateLimited  Kind = "rate_limited" // 429
	KindUpstream     Kind = "upstream"     // 5xx, or another unexpected status
	KindBadRequest   Kind = "bad_request"  // 400/404/422: e.g. an unknown model or deployment
	KindTimeout      Kind = "timeout"      // no (complete) answer within the timeout
	KindMalformed    Kind = "malformed"    // the answer is not a chat completions stream
	KindRedirect     Kind = "redirect"     // redirected to another host: refused, the key stays home
	KindUnreachable  Kind = "unreachable"  // connection refused, DNS, TLS
	KindCanceled     Kind = "canceled"     // the caller went away
)

// Error is every error Stream returns. Message is written for the Grafana user and never contains the key.
type Error struct {
	Kind       Kind
	HTTPStatus int // the endpoint's status, 0 without an answer
	Message    string
}

func (e *Error) Error() string { return e.Message }

// Client calls one configured endpoint. Close it when done: it has its own connection pool.
type Client struct {
	settings  models.LLMSettings
	api       *openai.Client
	host      string
	redact    func(string) string
	transport *http.Transport
}

// New builds a client for the settings (see models.LoadLLM).
func New(s models.LLMSettings) (*Client, error) {
	base, err := url.Parse(s.URL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the LLM URL %q is not valid", s.URL)
	}
	var cfg openai.ClientConfig
	if s.Provider == models.LLMProviderAzure {
		cfg = openai.DefaultAzureConfig(s.APIKey, s.URL)
		cfg.APIVersion = s.APIVersion
		cfg.AzureModelMapperFunc = func(model string) string { return model } // the model setting is the deployment
	} else {
		cfg = openai.DefaultConfig(s.APIKey)
		cfg.BaseURL = s.URL
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	cfg.HTTPClient = &http.Client{Transport: transport, Timeout: s.Timeout, CheckRedirect: sameHost(base.Host)}
	return &Client{settings: s, api: openai.NewClientWithConfig(cfg), host: base.Host, redact: redactor(s.APIKey),
		transport: transport}, nil
}

// Close closes the client's idle connections. Without it every explanation would leave a keep-alive connection
// (and two goroutines) behind for the transport's idle timeout, 90 s.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// sameHost refuses redirects to another host: the request carries the API key.
func sameHost(host string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != host {
			return &redirectError{to: req.URL.Host}
		}
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}
}

type redirectError struct{ to string }

func (e *redirectError) Error() string { return "redirected to another host (" + e.to + ")" }

// Stream sends the messages and calls onDelta with each piece of text as it arrives (never with the key in
// it). It returns the model name the endpoint reported. A timeout, a cancelled context, an HTTP error, a stream
// that is not a chat completions stream or one without any text give an *Error. onDelta's error stops the
// stream and is returned as it is.
func (c *Client) Stream(ctx context.Context, messages []Message, onDelta func(string) error) (string, error) {
	req := openai.ChatCompletionRequest{
		Model:       c.settings.Model,
		Messages:    make([]openai.ChatCompletionMessage, len(messages)),
		Temperature: 0.2,
		MaxTokens:   MaxTokens,
		Stream:      true,
	}
	for i, m := range messages {
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	stream, err := c.api.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", c.classify(ctx, err)
	}
	defer stream.Close()
	held := newHoldback(c.settings.APIKey, c.redact)
	model := ""
	wrote := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return model, c.classify(ctx, err)
		}
		if chunk.Model != "" {
			model = chunk.Model
		}
		for _, choice := range chunk.Choices {
			if choice.Delta.Content == "" {
				continue
			}
			if out := held.push(choice.Delta.Content); out != "" {
				wrote = true
				if err := onDelta(out); err != nil {
					return model, err
				}
			}
		}
	}
	if out := held.flush(); out != "" {
		wrote = true
		if err := onDelta(out); err != nil {
			return model, err
		}
	}
	if !wrote {
		return model, &Error{Kind: KindMalformed, Message: fmt.Sprintf("the LLM endpoint at %s answered without any text; "+
			"check that the URL points at an OpenAI-compatible chat completions API (…/v1) and that the model %q exists", c.host, c.settings.Model)}
	}
	return c.redact(model), nil
}

// classify turns a transport, HTTP or decoding error into an *Error with a message that says what to change.
func (c *Client) classify(ctx context.Context, err error) *Error {
	var redirect *redirectError
	var api *openai.APIError
	var reqErr *openai.RequestError
	var netErr interface{ Timeout() bool }
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return &Error{Kind: KindCanceled, Message: "the explanation request was cancelled"}
	case errors.As(err, &redirect):
		return &Error{Kind: KindRedirect, Message: fmt.Sprintf("the LLM endpoint at %s redirected to another host (%s); the request was "+
			"refused so the API key stays with %s. Set the URL to the final address", c.host, redirect.to, c.host)}
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("the LLM endpoint at %s did not answer within %s; try again, "+
			"or raise the explanation timeout in the data source settings", c.host, c.settings.Timeout)}
	case errors.As(err, &api):
		return c.statusError(api.HTTPStatusCode, api.Message)
	case errors.As(err, &reqErr):
		return c.statusError(reqErr.HTTPStatusCode, "")
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return &Error{Kind: KindUnreachable, Message: c.redact(fmt.Sprintf("cannot reach the LLM endpoint at %s: %v; "+
			"check the URL and that the Grafana server can reach it", c.host, urlErr.Err))}
	}
	return &Error{Kind: KindMalformed, Message: c.redact(fmt.Sprintf("the LLM endpoint at %s sent an answer that is not "+
		"a chat completions stream (%v); check that the URL is an OpenAI-compatible API", c.host, err))}
}

func (c *Client) statusError(code int, detail string) *Error {
	says := ""
	if detail = strings.TrimSpace(c.redact(detail)); detail != "" {
		if len(detail) > 300 {
			detail = detail[:300] + "…"
		}
		says = ": " + detail
	}
	e := &Error{HTTPStatus: code}
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Kind = KindUnauthorized
		e.Message = fmt.Sprintf("the LLM endpoint at %s answered %d%s; check the API key in the data source settings", c.host, code, says)
	case code == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
		e.Message = fmt.Sprintf("the LLM endpoint at %s answered 429 (rate limited or out of quota)%s; try again later", c.host, says)
	case code == http.StatusBadRequest || code == http.StatusNotFound || code == http.StatusUnprocessableEntity:
		e.Kind = KindBadRequest
		e.Message = fmt.Sprintf("the LLM endpoint at %s answered %d%s; check the model (for Azure, the deployment) and the URL", c.host, code, says)
	default:
		e.Kind = KindUpstream
		e.Message = fmt.Sprintf("the LLM endpoint at %s answered %d%s; try again, or check the endpoint's status", c.host, code, says)
	}
	return e
}

// redactor replaces every occurrence of the key in a text (a no-op without a key).
func redactor(key string) func(string) string {
	if key == "" {
		return func(s string) string { return s }
	}
	return func(s string) string { return strings.ReplaceAll(s, key, "[redacted]") }
}

// holdback keeps the last len(key)-1 characters of the streamed text back until more text arrives, so a key
// split across chunks is still redacted before anything leaves.
type holdback struct {
	keep   int
	buf    string
	redact func(string) string
}

func newHoldback(key string, redact func(string) string) *holdback {
	keep := 0
	if key != "" {
		keep = len(key) - 1
	}
	return &holdback{keep: keep, redact: redact}
}

func (h *holdback) push(s string) string {
	h.buf = h.redact(h.buf + s)
	if len(h.buf) <= h.keep {
		return ""
	}
	cut := len(h.buf) - h.keep
	for cut > 0 && cut < len(h.buf) && !utf8Start(h.buf[cut]) {
		cut-- // never split a UTF-8 sequence
	}
	out := h.buf[:cut]
	h.buf = h.buf[cut:]
	return out
}

func (h *holdback) flush() string {
	out := h.redact(h.buf)
	h.buf = ""
	return out
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
