package prom

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Close closes the idle keep-alive connection a query leaves behind (Grafana disposes an instance when its settings
// change; its connections must not linger until the idle timeout).
func TestCloseClosesIdleConnections(t *testing.T) {
	closed := make(chan struct{}, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(matrixOf(3)) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	srv.Start()
	defer srv.Close()
	c := limitedClient(t, srv.URL, 1<<20)
	if _, err := query(c); err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
		t.Fatal("the connection closed before Close; keep-alive is expected")
	case <-time.After(100 * time.Millisecond):
	}
	c.Close()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close left the idle connection open")
	}
}
