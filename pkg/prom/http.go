package prom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// DefaultMaxResponseBytes bounds what one answer may occupy in memory when the caller sets no limit
// (Client.LimitResponse); a 2,000 × 11,000 matrix is well below it.
const DefaultMaxResponseBytes = 2 << 30

// post sends a form to an API path and returns the body of a 2xx answer, or an *Error.
func (c *Client) post(ctx context.Context, path string, form url.Values) ([]byte, error) {
	endpoint := c.base.JoinPath(path)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &Error{Kind: KindUnreachable, Message: "cannot build the request: " + err.Error(), Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req) // credentials: the SDK's middlewares, to the configured host only
	if err != nil {
		return nil, transportError(ctx, err, c.url, c.timeout.String())
	}
	defer resp.Body.Close()
	body, err := c.readBody(resp)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(resp, body, endpoint.String())
	}
	return body, nil
}

// readBody reads the answer, at most c.maxBody bytes: a larger answer is refused before it is buffered whole
// (at once when Content-Length says so, else when the limit is reached), with a message that says what to change.
// Grafana's own limit ([dataproxy] response_limit, applied by the SDK's response-limit middleware) gets the same
// treatment. The limit applies to the decompressed bytes, so a small gzip body cannot expand without bound.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBody {
		return nil, c.tooLarge(megabytes(resp.ContentLength))
	}
	body, over, err := readLimited(resp.Body, resp.ContentLength, c.maxBody)
	switch {
	case errors.Is(err, httpclient.ErrResponseBodyTooLarge):
		return nil, &Error{Kind: KindTooLarge, Err: err, Message: fmt.Sprintf("the answer from Prometheus at %s is larger "+
			"than Grafana's response limit ([dataproxy] response_limit in grafana.ini); narrow the query with label "+
			"matchers or an aggregation (e.g. sum by), shorten the range or the training window, or use a coarser step", c.url)}
	case err != nil:
		return nil, transportError(resp.Request.Context(), err, c.url, c.timeout.String())
	case over:
		return nil, c.tooLarge("")
	}
	return body, nil
}

// readLimited reads r to its end, or stops with over = true once it has read more than limit bytes. Without a
// size (hint ≤ 0) it reads into chunks that grow from 64 KiB to 4 MiB and joins them once at the end, so reading
// holds at most the limit plus one chunk (a doubling bytes.Buffer can hold three times the limit at its last
// growth) and joining twice the answer; with a size it reads into one buffer of that size.
func readLimited(r io.Reader, hint, limit int64) (body []byte, over bool, err error) {
	return readChunked(r, hint, limit, 64<<10, 4<<20)
}

// readChunked is readLimited with chunks from first to most bytes (the fuzz target uses small ones).
func readChunked(r io.Reader, hint, limit, first, most int64) (body []byte, over bool, err error) {
	size := first
	if hint > 0 {
		size = min(hint, limit) + 1 // + 1: the read that sees the end
	}
	var chunks [][]byte
	cur := make([]byte, 0, min(size, limit+1))
	total := int64(0)
	for {
		if len(cur) == cap(cur) {
			chunks = append(chunks, cur)
			size = min(size*2, most)
			cur = make([]byte, 0, min(size, limit+1-total))
		}
		n, err := r.Read(cur[len(cur):cap(cur)])
		cur = cur[:len(cur)+n]
		total += int64(n)
		if total > limit {
			return nil, true, nil
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false, err
		}
	}
	if len(chunks) == 0 {
		return cur, false, nil
	}
	body = make([]byte, 0, total)
	for _, c := range chunks {
		body = append(body, c...)
	}
	return append(body, cur...), false, nil
}

// tooLarge explains a refused answer; size is its size when known ("" when the limit was reached reading it).
func (c *Client) tooLarge(size string) *Error {
	what := "larger than " + megabytes(c.maxBody)
	if size != "" {
		what = size + ", more than " + megabytes(c.maxBody)
	}
	why := ""
	if c.limitReason != "" {
		why = " (" + c.limitReason + ")"
	}
	return &Error{Kind: KindTooLarge, Message: fmt.Sprintf("the answer from Prometheus at %s is %s, the most this "+
		"data source reads for one query%s; the query returns more series or points than that: narrow it with label "+
		"matchers or an aggregation (e.g. sum by), shorten the range or the training window, use a coarser step, or "+
		"raise \"max points per query\" in the data source settings", c.url, what, why)}
}

// megabytes writes a byte count in MB (one decimal below 10 MB).
func megabytes(n int64) string {
	if n < 10e6 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.0f MB", float64(n)/1e6)
}

// apiError is the error body Prometheus sends with 4xx/5xx answers.
type apiError struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
}

func statusError(resp *http.Response, body []byte, endpoint string) *Error {
	code := resp.StatusCode
	status := resp.Status
	var ae apiError
	isAPIError := json.Unmarshal(body, &ae) == nil && ae.Status == "error" && ae.Error != ""
	switch {
	case code == http.StatusUnauthorized:
		return &Error{Kind: KindUnauthorized, HTTPStatus: code, Message: fmt.Sprintf("Prometheus answered %s: "+
			"check the authentication settings (user and password, bearer token or custom headers)", status)}
	case code == http.StatusForbidden:
		return &Error{Kind: KindForbidden, HTTPStatus: code, Message: fmt.Sprintf("Prometheus answered %s: "+
			"the credentials are valid but not allowed to query; check the user's permissions or the token's scope", status)}
	case isAPIError && (code == http.StatusBadRequest || code == http.StatusUnprocessableEntity):
		return &Error{Kind: KindBadQuery, HTTPStatus: code, Message: "Prometheus rejected the query: " + ae.Error}
	case isAPIError && ae.ErrorType == "timeout":
		return &Error{Kind: KindTimeout, HTTPStatus: code, Message: "Prometheus stopped the query: " + ae.Error +
			"; make the query cheaper (shorter range or training window, coarser step, fewer series)"}
	case isAPIError:
		return &Error{Kind: KindServer, HTTPStatus: code, Message: fmt.Sprintf("Prometheus answered %s: %s", status, ae.Error)}
	case code == http.StatusNotFound:
		return &Error{Kind: KindNotFound, HTTPStatus: code, Message: fmt.Sprintf("no Prometheus API at %s (%s); "+
			"check the URL, including any path prefix, e.g. http://host:9090", endpoint, status)}
	case code >= 500:
		return &Error{Kind: KindServer, HTTPStatus: code, Message: fmt.Sprintf("Prometheus (or a proxy in front of "+
			"it) answered %s%s; try again, or check Prometheus's logs", status, excerpt(body))}
	default:
		return &Error{Kind: KindNotPrometheus, HTTPStatus: code, Message: fmt.Sprintf("unexpected answer %s from %s%s; "+
			"check that the URL points at Prometheus", status, endpoint, excerpt(body))}
	}
}

// excerpt is a short, printable start of a body for error messages.
func excerpt(body []byte) string {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return ""
	}
	if len(b) > 160 {
		b = b[:160]
	}
	if !utf8.Valid(b) {
		return " (binary body)"
	}
	return fmt.Sprintf(" (%q)", string(b))
}
