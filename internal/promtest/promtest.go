// Package promtest starts a real Prometheus (Debian's package) on a free loopback port with series backfilled
// through `promtool tsdb create-blocks-from openmetrics`. Tests and the backend benchmark share it. It is test
// tooling: it lives outside pkg/ (the code the shipped backend is built from and Grafana's plugin validator
// reads), and internal/ keeps it out of reach of other modules.
package promtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Series is one series to backfill: a gauge named Name with Labels, one sample per Step from Start. NaN values
// are left out (a gap in the data).
type Series struct {
	Name   string
	Labels map[string]string
	Start  time.Time
	Step   time.Duration
	Values []float64
}

// Server is a running Prometheus. Stop it when done.
type Server struct {
	URL  string
	cmd  *exec.Cmd
	args []string // prometheus's command line, for Restart
	dir  string
	done chan error
}

// Missing returns why a real Prometheus cannot be started here, or "" when prometheus and promtool are installed.
func Missing() string {
	for _, bin := range []string{"prometheus", "promtool"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Sprintf("%s is not installed (Debian: apt-get install prometheus)", bin)
		}
	}
	return ""
}

// Start backfills the series into a fresh TSDB in a temporary directory and starts Prometheus on it.
func Start(ctx context.Context, series []Series) (*Server, error) {
	if why := Missing(); why != "" {
		return nil, errors.New(why)
	}
	dir, err := os.MkdirTemp("", "vigil-promtest-")
	if err != nil {
		return nil, err
	}
	srv, err := start(ctx, dir, series)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return srv, nil
}

func start(ctx context.Context, dir string, series []Series) (*Server, error) {
	dataDir := filepath.Join(dir, "data")
	if len(series) > 0 {
		metrics := filepath.Join(dir, "backfill.om")
		if err := WriteOpenMetrics(metrics, series); err != nil {
			return nil, err
		}
		// Blocks up to 24h keep the block count (and startup time) small for multi-day data.
		out, err := exec.CommandContext(ctx, "promtool", "tsdb", "create-blocks-from", "openmetrics",
			"--max-block-duration=24h", metrics, dataDir).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("promtool backfill: %v: %s", err, lastLines(out, 5))
		}
		_ = os.Remove(metrics)
	}
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, []byte("global:\n  scrape_interval: 1h\nscrape_configs: []\n"), 0o600); err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	srv := &Server{URL: "http://" + addr, dir: dir, args: []string{
		"--config.file=" + config,
		"--storage.tsdb.path=" + dataDir,
		"--storage.tsdb.retention.time=100y", // backfilled data may be old; keep it
		"--web.listen-address=" + addr,
		"--query.max-samples=100000000",
		"--log.level=warn",
	}}
	if err := srv.run(ctx); err != nil {
		srv.Stop()
		return nil, err
	}
	return srv, nil
}

// run starts the prometheus process and waits until it is ready.
func (s *Server) run(ctx context.Context) error {
	cmd := exec.Command("prometheus", s.args...)
	// If the test binary dies (a test timeout panics past every cleanup), the kernel stops Prometheus too.
	stopWithParent(cmd)
	logFile, err := os.OpenFile(filepath.Join(s.dir, "prometheus.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return fmt.Errorf("start prometheus: %w", err)
	}
	s.cmd, s.done = cmd, make(chan error, 1)
	go func() { s.done <- cmd.Wait(); _ = logFile.Close() }()
	return s.waitReady(ctx, 60*time.Second)
}

// Kill ends Prometheus at once with SIGKILL, as a crash or the OOM killer would, and keeps its data for Restart.
func (s *Server) Kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		err := <-s.done
		s.done <- err
	}
}

// Restart starts Prometheus again after Kill, on the same address with the same data.
func (s *Server) Restart(ctx context.Context) error {
	return s.run(ctx)
}

func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			log, _ := os.ReadFile(filepath.Join(s.dir, "prometheus.log"))
			return fmt.Errorf("prometheus exited: %v: %s", err, lastLines(log, 5))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := client.Get(s.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("prometheus at %s not ready after %s", s.URL, limit)
}

// Stop ends Prometheus (SIGTERM, then SIGKILL after 10 s) and removes its data. Safe to call twice.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-s.done:
			s.done <- err
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
			s.done <- nil
		}
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
		s.dir = ""
	}
}

// FreePort is a TCP port free on the loopback interface now (the kernel's choice), for a server to listen on.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// WriteOpenMetrics writes the series as an OpenMetrics text file (one gauge family per name, "# EOF" at the end).
func WriteOpenMetrics(path string, series []Series) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	byName := map[string][]Series{}
	var names []string
	for _, s := range series {
		if _, ok := byName[s.Name]; !ok {
			names = append(names, s.Name)
		}
		byName[s.Name] = append(byName[s.Name], s)
	}
	sort.Strings(names)
	var line []byte
	for _, name := range names {
		fmt.Fprintf(w, "# TYPE %s gauge\n", name)
		for _, s := range byName[name] {
			prefix := name + labelText(s.Labels) + " "
			for i, v := range s.Values {
				if math.IsNaN(v) {
					continue
				}
				ts := s.Start.Add(time.Duration(i) * s.Step)
				line = append(line[:0], prefix...)
				line = strconv.AppendFloat(line, v, 'g', -1, 64)
				line = append(line, ' ')
				line = strconv.AppendFloat(line, float64(ts.UnixMilli())/1000, 'f', -1, 64)
				line = append(line, '\n')
				if _, err := w.Write(line); err != nil {
					f.Close()
					return err
				}
			}
		}
	}
	if _, err := w.WriteString("# EOF\n"); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func labelText(labels map[string]string) string {
	if len(labels) == 0 {
		return ""
	}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.Quote(labels[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
