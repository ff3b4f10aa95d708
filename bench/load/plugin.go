package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/vigil-anomaly/vigil/internal/promtest"
)

// pluginProcess is the built backend executable, started as Grafana starts it: hashicorp/go-plugin with the SDK's
// handshake over gRPC. Its goroutines and live heap are read from the SDK's pprof endpoint, which the SDK serves
// only when GF_PLUGIN_PROFILING_ENABLED=true (set here for the bench; Grafana sets it from grafana.ini); its memory
// from /proc/<pid>/status.
type pluginProcess struct {
	client *goplugin.Client
	data   grpcplugin.DataClient
	pid    int
	pprof  string // http://127.0.0.1:<port>/debug/pprof
}

// binaryPath is the built backend for this machine (npm run build:backend), or a fresh go build of ./pkg when
// there is none (the same code, without the release build flags).
// The returned function removes what it built.
func binaryPath(flagValue string) (string, func(), error) {
	if flagValue != "" {
		return flagValue, func() {}, nil
	}
	built := filepath.Join("dist", "datasource", fmt.Sprintf("gpx_vigil_anomaly_%s_%s", runtime.GOOS, runtime.GOARCH))
	if _, err := os.Stat(built); err == nil {
		return built, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "vigil-load-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	bin := filepath.Join(dir, "gpx_vigil_anomaly")
	progress("%s is not built (npm run build:backend); building ./pkg into %s", built, bin)
	if out, err := exec.Command("go", "build", "-o", bin, "./pkg").CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build: %v: %s", err, out)
	}
	return bin, cleanup, nil
}

func startBackend(bin string, env []string) (*pluginProcess, error) {
	port, err := promtest.FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "GF_PLUGIN_PROFILING_ENABLED=true", "GF_PLUGIN_PROFILING_PORT="+strconv.Itoa(port))...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{ProtocolVersion: grpcplugin.ProtocolVersion,
			MagicCookieKey: grpcplugin.MagicCookieKey, MagicCookieValue: grpcplugin.MagicCookieValue},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {"data": &grpcplugin.DataGRPCPlugin{}}},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.NewNullLogger(),
		Stderr:           io.Discard,
		StartTimeout:     30 * time.Second,
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("plugin handshake: %w", err)
	}
	raw, err := rpc.Dispense("data")
	if err != nil {
		client.Kill()
		return nil, err
	}
	b := &pluginProcess{client: client, data: raw.(grpcplugin.DataClient), pid: client.ReattachConfig().Pid,
		pprof: fmt.Sprintf("http://127.0.0.1:%d/debug/pprof", port)}
	deadline := time.Now().Add(10 * time.Second)
	for { // the profiler starts with the plugin; wait until it answers
		if _, err := b.goroutines(); err == nil {
			return b, nil
		} else if time.Now().After(deadline) {
			client.Kill()
			return nil, fmt.Errorf("the backend's pprof endpoint did not answer: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *pluginProcess) stop() { b.client.Kill() }

// goroutines is the backend's goroutine count (the pprof goroutine profile's total; it includes the one serving
// the profile request).
func (b *pluginProcess) goroutines() (int, error) {
	text, err := get(b.pprof + "/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(text, "\n")
	n, err := strconv.Atoi(strings.TrimPrefix(line, "goroutine profile: total "))
	if err != nil {
		return 0, fmt.Errorf("unexpected goroutine profile %q", line)
	}
	return n, nil
}

// liveHeap is the backend's heap in use after a forced GC (the heap profile's runtime.MemStats HeapAlloc, gc=1).
func (b *pluginProcess) liveHeap() (uint64, error) {
	text, err := get(b.pprof + "/heap?gc=1&debug=1")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, "# HeapAlloc = "); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, fmt.Errorf("no HeapAlloc in the heap profile")
}

// cpuProfile writes a CPU profile of the backend over the next d to path (the pprof profile endpoint).
func (b *pluginProcess) cpuProfile(path string, d time.Duration) error {
	body, err := get(fmt.Sprintf("%s/profile?seconds=%d", b.pprof, int(d.Seconds())))
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o600)
}

// memory is the backend's resident set now and its peak (VmRSS and VmHWM of /proc/<pid>/status), in bytes.
func (b *pluginProcess) memory() (rss, peak uint64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", b.pid))
	if err != nil {
		return 0, 0, fmt.Errorf("reading the process's memory needs Linux's /proc: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kb, _ := strconv.ParseUint(fields[0], 10, 64)
		switch name {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return rss, peak, sc.Err()
}

func get(url string) (string, error) {
	client := &http.Client{Timeout: 2 * time.Minute}
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(body), err
}
