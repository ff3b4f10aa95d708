// Package prom is a small client for the Prometheus HTTP API (query_range only) whose errors tell a Grafana user
// what to change: Prometheus's own message for bad PromQL, unreachable, 401/403, 5xx, not JSON, timeout.
package prom

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Config is what the client needs from the data source settings.
type Config struct {
	URL     string // base URL, e.g. http://localhost:9090 or https://host/prometheus
	Timeout time.Duration
	// Auth: at most one of basic (User+Password), Bearer, or Headers is used.
	BasicUser, BasicPassword string
	Bearer                   string
	Headers                  map[string]string
	TLSSkipVerify            bool
	TLSCACert                string // PEM; empty = system roots
}

// Client sends query_range requests to one Prometheus.
type Client struct {
	base *url.URL
	http *http.Client
	cfg  Config
}

// New builds a client. It fails only on a bad URL or CA certificate.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(cfg.URL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the Prometheus URL %q is not valid; enter e.g. http://localhost:9090", cfg.URL)
	}
	// #nosec G402 -- off unless the user ticks "Skip TLS verification" on the data source (documented: tests only).
	tlsConfig := &tls.Config{InsecureSkipVerify: cfg.TLSSkipVerify} //nolint:gosec // the user's explicit choice
	if cfg.TLSCACert != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(cfg.TLSCACert)) {
			return nil, fmt.Errorf("TLS: the CA certificate is not a valid PEM certificate; paste the whole -----BEGIN CERTIFICATE----- block")
		}
		tlsConfig.RootCAs = pool
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = tlsConfig
	transport.Proxy = nil // loopback and in-cluster Prometheus: do not route through an environment proxy
	transport.MaxIdleConnsPerHost = 16
	return &Client{
		base: base,
		// Credentials go only to the configured host: redirects elsewhere are refused.
		http: &http.Client{Transport: transport, Timeout: cfg.Timeout, CheckRedirect: sameHostRedirect(base.Host)},
		cfg:  cfg,
	}, nil
}

func sameHostRedirect(host string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != host {
			return fmt.Errorf("prometheus redirected to another host (%s); set the URL to the final address", req.URL.Host)
		}
		if len(via) >= 5 {
			return fmt.Errorf("too many redirects")
		}
		return nil
	}
}

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

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
	if err != nil {
		return nil, err
	}
	return decodeMatrix(body, c.cfg.URL)
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}
