// Package prom is a small client for the Prometheus HTTP API (query_range only), on the plugin SDK's HTTP client,
// whose errors tell a Grafana user what to change: Prometheus's own message for bad PromQL, unreachable, 401/403,
// 5xx, not JSON, timeout, a redirect to another host.
package prom

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// Client sends query_range requests to one Prometheus.
type Client struct {
	base    *url.URL
	http    *http.Client
	url     string // the configured URL, for messages (it holds no credentials)
	timeout time.Duration
	// maxBody is the largest answer read (DefaultMaxResponseBytes unless LimitResponse sets it); limitReason
	// says where the limit comes from, for the message.
	maxBody     int64
	limitReason string
	transport   http.RoundTripper // the SDK's transport under the middlewares, for Close
	redact      *strings.Replacer // secrets out of error messages (HideSecrets); nil = none
}

// New builds a client for the Prometheus at rawURL with the plugin SDK's HTTP client (httpclient.New): opts carry
// authentication, TLS, custom headers, timeouts and Grafana's proxy settings, as the data source's settings give them
// (see plugin.clientOptions). One middleware of Vigil's own runs first: requests go only to the configured host, so a
// redirect to another host is refused before any credential is added. New fails only on a bad URL or CA
// certificate.
func New(rawURL string, opts httpclient.Options) (*Client, error) {
	base, err := url.Parse(rawURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the Prometheus URL %q is not valid; enter e.g. http://localhost:9090", rawURL)
	}
	if opts.TLS != nil && opts.TLS.CACertificate != "" && !x509.NewCertPool().AppendCertsFromPEM([]byte(opts.TLS.CACertificate)) {
		return nil, fmt.Errorf("TLS: the CA certificate is not a valid PEM certificate; paste the whole -----BEGIN CERTIFICATE----- block")
	}
	middlewares := opts.Middlewares
	if middlewares == nil {
		middlewares = httpclient.DefaultMiddlewares()
	}
	c := &Client{base: base, url: rawURL, maxBody: DefaultMaxResponseBytes}
	opts.Middlewares = append(append([]httpclient.Middleware{sameHostMiddleware(base.Host)}, middlewares...), c.keepTransport())
	client, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("cannot build the HTTP client for Prometheus: %w", err)
	}
	c.http, c.timeout = client, client.Timeout
	return c, nil
}

// keepTransport is the innermost middleware: it passes requests through unchanged and keeps the SDK's transport
// it wraps, so Close can close its idle connections (the SDK's middleware chain does not pass
// CloseIdleConnections on, so http.Client.CloseIdleConnections alone would do nothing).
func (c *Client) keepTransport() httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("vigil-keep-transport", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		c.transport = next
		return next
	})
}

// minSecretLen is the shortest secret HideSecrets removes from messages: a shorter value (a tenant id "1") cannot
// be told apart from ordinary text, and replacing it everywhere would garble every message.
const minSecretLen = 6

// HideSecrets makes every error QueryRange returns free of these texts (the credentials the data source sends, in
// the forms they travel in): a server or proxy that echoes request headers into an error body, or into the
// "error" field of a JSON answer, must not carry them into a panel, a health check or a log line. Each is
// replaced by [redacted]; values shorter than 6 characters are left alone.
func (c *Client) HideSecrets(secrets ...string) {
	var pairs []string
	for _, s := range secrets {
		if len(s) >= minSecretLen {
			pairs = append(pairs, s, "[redacted]")
		}
	}
	if len(pairs) > 0 {
		c.redact = strings.NewReplacer(pairs...)
	}
}

// LimitResponse sets the largest answer the client reads, in bytes (> 0); a larger one is refused with a
// KindTooLarge error whose message includes reason (where the limit comes from, e.g. the setting it follows).
func (c *Client) LimitResponse(maxBytes int64, reason string) {
	c.maxBody, c.limitReason = maxBytes, reason
}

// otherHostError is a request to a host other than the configured one (a redirect), refused.
type otherHostError struct{ host string }

func (e *otherHostError) Error() string {
	return fmt.Sprintf("refused to follow a redirect to another host (%s)", e.host)
}

// sameHostMiddleware refuses every request to a host other than the configured one. http.Client follows redirects
// through the transport, and the SDK's authentication and header middlewares add the credentials to every request
// they see (Go's client drops an Authorization header on a cross-host redirect; the middleware would add it back),
// so this runs before them: credentials go only to the host they were configured for.
func sameHostMiddleware(host string) httpclient.Middleware {
	return httpclient.NamedMiddlewareFunc("vigil-same-host", func(_ httpclient.Options, next http.RoundTripper) http.RoundTripper {
		return httpclient.RoundTripperFunc(func(req *http.Request) (*http.Response, error) {
			if req.URL.Host != host {
				return nil, &otherHostError{host: req.URL.Host}
			}
			return next.RoundTrip(req)
		})
	})
}

// Close releases idle connections.
func (c *Client) Close() {
	if t, ok := c.transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// Range is a query_range request.
type Range struct {
	Expr       string
	Start, End time.Time
	Step       time.Duration
}

// QueryRange runs a range query and returns the matrix. ctx cancels the request.
func (c *Client) QueryRange(ctx context.Context, r Range) ([]Series, error) {
	form := url.Values{}
	form.Set("query", r.Expr)
	form.Set("start", formatTime(r.Start))
	form.Set("end", formatTime(r.End))
	form.Set("step", strconv.FormatFloat(r.Step.Seconds(), 'f', -1, 64))
	body, err := c.post(ctx, "/api/v1/query_range", form)
	if err == nil {
		var series []Series
		if series, err = decodeMatrix(body, c.url); err == nil {
			return series, nil
		}
	}
	var e *Error
	if c.redact != nil && errors.As(err, &e) {
		e.Message = c.redact.Replace(e.Message)
	}
	return nil, err
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}
