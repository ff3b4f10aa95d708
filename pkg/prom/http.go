package prom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxBody bounds what one answer may occupy in memory (a 2,000 × 11,000 matrix is well below it).
const maxBody = 2 << 30

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
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, transportError(ctx, err, c.url, c.timeout.String())
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(resp, body, endpoint.String())
	}
	return body, nil
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
