package prom

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A server that echoes the request's credentials into its error answer: the secrets given to HideSecrets are
// replaced in the message, in the excerpt of a 5xx body as in Prometheus's own "error" field; a value shorter than
// 6 characters is left alone (it cannot be told apart from ordinary text).
func TestHideSecrets(t *testing.T) {
	for _, body := range []string{
		"upstream said: Authorization: Bearer tok-8d2e6a0f4c1b, X-Scope-OrgID: 1",
		`{"status":"error","errorType":"internal","error":"Authorization: Bearer tok-8d2e6a0f4c1b, X-Scope-OrgID: 1"}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(body))
		}))
		c := limitedClient(t, srv.URL, 1<<20)
		c.HideSecrets("tok-8d2e6a0f4c1b", "1", "")
		_, err := query(c)
		srv.Close()
		var pe *Error
		if !errors.As(err, &pe) || strings.Contains(err.Error(), "tok-8d2e6a0f4c1b") || !strings.Contains(err.Error(), "Bearer [redacted]") {
			t.Errorf("%s: want the token redacted, got %v", body, err)
		}
		if !strings.Contains(err.Error(), "X-Scope-OrgID: 1") {
			t.Errorf("a one-character value must be left alone: %v", err)
		}
	}
}
