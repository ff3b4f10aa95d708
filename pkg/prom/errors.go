package prom

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"io"
	"net/url"
	"os"
	"syscall"
)

// Kind says what went wrong, so callers can map it to a status without parsing messages.
type Kind string

const (
	KindBadQuery      Kind = "bad_query"      // Prometheus rejected the PromQL or its parameters (4xx with a JSON error)
	KindUnreachable   Kind = "unreachable"    // connection refused, host not found, network down
	KindTLS           Kind = "tls"            // certificate not trusted / handshake failed
	KindUnauthorized  Kind = "unauthorized"   // 401
	KindForbidden     Kind = "forbidden"      // 403
	KindNotFound      Kind = "not_found"      // 404: wrong URL or path prefix
	KindServer        Kind = "server"         // 5xx (or Prometheus's own execution error)
	KindNotPrometheus Kind = "not_prometheus" // the answer is not Prometheus API JSON
	KindTimeout       Kind = "timeout"        // no answer within the timeout
	KindCanceled      Kind = "canceled"       // the request was cancelled by the caller (Grafana)
	KindTooLarge      Kind = "too_large"      // the answer is larger than the client reads (Client.LimitResponse)
)

// Error is every error QueryRange returns. Message is written for the Grafana user.
type Error struct {
	Kind       Kind
	HTTPStatus int // 0 when there was no HTTP answer
	Message    string
	Err        error // the underlying error, if any
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// transportError explains why no HTTP answer arrived. base is the configured URL (no credentials in it).
func transportError(ctx context.Context, err error, base string, timeoutText string) *Error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return &Error{Kind: KindCanceled, Message: "the query was cancelled", Err: err}
	}
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &netErr) && netErr.Timeout()) {
		return &Error{Kind: KindTimeout, Err: err, Message: fmt.Sprintf(
			"Prometheus at %s did not answer within %s; make the query cheaper (shorter range or training window, "+
				"coarser step, fewer series) or raise the timeout in the data source settings", base, timeoutText)}
	}
	var otherHost *otherHostError
	if errors.As(err, &otherHost) {
		return &Error{Kind: KindUnreachable, Err: err, Message: fmt.Sprintf("Prometheus at %s redirected to another "+
			"host (%s); credentials go only to the configured host: set the URL to the final address", base, otherHost.host)}
	}
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknownAuthority):
		return &Error{Kind: KindTLS, Err: err, Message: fmt.Sprintf("TLS: the certificate of %s is signed by an "+
			"unknown authority; add its CA certificate in the TLS settings (or, for testing only, skip TLS verify)", base)}
	case errors.As(err, &hostname):
		return &Error{Kind: KindTLS, Err: err, Message: fmt.Sprintf("TLS: the certificate of %s is not valid for "+
			"this host name (%v); use the host name the certificate names", base, hostname.Error())}
	case errors.As(err, &invalid):
		return &Error{Kind: KindTLS, Err: err, Message: fmt.Sprintf("TLS: the certificate of %s is invalid (%v)",
			base, invalid.Error())}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &Error{Kind: KindUnreachable, Err: err, Message: fmt.Sprintf(
			"cannot reach Prometheus at %s: host %q not found; check the URL", base, dnsErr.Name)}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return &Error{Kind: KindUnreachable, Err: err, Message: fmt.Sprintf("Prometheus at %s closed the connection "+
			"before its answer was complete (%s); it may have crashed or restarted (check its logs), or a proxy in "+
			"front of it cut the answer; try again", base, connectionDetail(err))}
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return &Error{Kind: KindUnreachable, Err: err, Message: fmt.Sprintf(
			"cannot reach Prometheus at %s: connection refused; check the URL and port and that Prometheus is running", base)}
	}
	var urlErr *url.Error
	detail := err.Error()
	if errors.As(err, &urlErr) {
		detail = urlErr.Err.Error() // the URL is already in the message
	}
	return &Error{Kind: KindUnreachable, Err: err, Message: fmt.Sprintf(
		"cannot reach Prometheus at %s: %s; check the URL, the network and the TLS settings", base, detail)}
}

// connectionDetail names how a connection broke, without the URL (the message has it already).
func connectionDetail(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected EOF"
	}
	return "EOF"
}
