package prom

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// matrixOf is a valid query_range answer of n samples of one series.
func matrixOf(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x"},"values":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`[` + strconv.Itoa(1700000000+i) + `,"1.5"]`)
	}
	b.WriteString(`]}]}}`)
	return b.Bytes()
}

func limitedClient(t *testing.T, url string, limit int64) *Client {
	t.Helper()
	timeouts := httpclient.DefaultTimeoutOptions
	timeouts.Timeout = 10 * time.Second
	c, err := New(url, httpclient.Options{Timeouts: &timeouts})
	if err != nil {
		t.Fatal(err)
	}
	c.LimitResponse(limit, "a test limit")
	return c
}

func query(c *Client) ([]Series, error) {
	return c.QueryRange(context.Background(), Range{Expr: "x", Start: time.Unix(0, 0), End: time.Unix(60, 0), Step: time.Minute})
}

// An answer over the limit is refused with a message that says the size, the limit, where it comes from and
// what to change: at once when Content-Length announces it, after reading limit+1 bytes when it is streamed
// (chunked) or compressed; an answer within the limit decodes.
func TestResponseSizeLimit(t *testing.T) {
	body := matrixOf(20000) // ≈ 400 kB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("mode") {
		case "chunked":
			w.(http.Flusher).Flush() // headers out: no Content-Length
			for off := 0; off < len(body); off += 4096 {
				_, _ = w.Write(body[off:min(off+4096, len(body))])
			}
		case "gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = zw.Write(body)
			_ = zw.Close()
		default:
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write(body)
		}
	}))
	defer srv.Close()

	if s, err := query(limitedClient(t, srv.URL, int64(len(body)))); err != nil || len(s[0].T) != 20000 {
		t.Fatalf("an answer of exactly the limit must decode, got %v", err)
	}
	for _, mode := range []string{"", "chunked", "gzip"} {
		_, err := query(limitedClient(t, srv.URL+"?mode="+mode, 100_000))
		var pe *Error
		if !errors.As(err, &pe) || pe.Kind != KindTooLarge {
			t.Fatalf("mode %q: want a too_large error, got %v", mode, err)
		}
		for _, w := range []string{"the answer from Prometheus at", "0.1 MB, the most this data source reads for one query",
			"(a test limit)", "narrow it with label matchers", `raise "max points per query"`} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("mode %q: %q does not say %q", mode, err, w)
			}
		}
		if mode == "" && !strings.Contains(err.Error(), "is 0.4 MB, more than 0.1 MB") {
			t.Errorf("with Content-Length the message gives the size: %q", err)
		}
	}
}

// Grafana's own response limit (the SDK's response-limit middleware) gets the same kind of message, naming
// Grafana's setting.
func TestGrafanaResponseLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(matrixOf(20000)) }))
	defer srv.Close()
	c := limitedClient(t, srv.URL, 1<<30)
	_, err := c.QueryRange(httpclient.WithResponseLimit(context.Background(), 50_000),
		Range{Expr: "x", Start: time.Unix(0, 0), End: time.Unix(60, 0), Step: time.Minute})
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != KindTooLarge || !strings.Contains(err.Error(), "[dataproxy] response_limit") {
		t.Fatalf("want a too_large error naming Grafana's response limit, got %v", err)
	}
}

// FuzzReadLimited: whatever the body, the limit, the Content-Length hint (right, wrong or absent), the chunk
// sizes and how the reader splits its reads, the reader returns the body exactly when it fits the limit and says
// "over" (with no body) when it does not; a read error other than the end comes back as it is. Chunks are small
// here (1 to 16 bytes, growing to 64) so short inputs cross many of them; readLimited uses 64 KiB to 4 MiB.
func FuzzReadLimited(f *testing.F) {
	f.Add([]byte(`{"status":"success"}`), uint16(100), int64(-1), uint8(0))
	f.Add([]byte(`{"status":"success"}`), uint16(5), int64(20), uint8(1))
	f.Add(bytes.Repeat([]byte("x"), 700), uint16(699), int64(0), uint8(2))
	f.Add(bytes.Repeat([]byte("x"), 700), uint16(700), int64(700), uint8(3))
	f.Add([]byte(`{}`), uint16(1000), int64(math.MaxInt64), uint8(130))
	f.Fuzz(func(t *testing.T, data []byte, limit uint16, hint int64, mode uint8) {
		var r io.Reader = bytes.NewReader(data)
		switch mode % 4 {
		case 1:
			r = iotest.OneByteReader(r)
		case 2:
			r = iotest.HalfReader(r)
		case 3:
			r = iotest.DataErrReader(r)
		}
		broken := mode >= 128
		if broken {
			r = io.MultiReader(r, iotest.ErrReader(io.ErrUnexpectedEOF))
		}
		first := 1 + int64(mode>>2)%16
		body, over, err := readChunked(r, hint, int64(limit), first, 64)
		switch {
		case len(data) > int(limit):
			if !over || body != nil || err != nil {
				t.Fatalf("%d bytes over a limit of %d: over=%v, %d bytes, %v", len(data), limit, over, len(body), err)
			}
		case broken:
			if !errors.Is(err, io.ErrUnexpectedEOF) || over {
				t.Fatalf("a broken body must return its error, got over=%v %v", over, err)
			}
		default:
			if over || err != nil || !bytes.Equal(body, data) {
				t.Fatalf("%d bytes within a limit of %d: over=%v, %d bytes back, %v", len(data), limit, over, len(body), err)
			}
		}
	})
}
