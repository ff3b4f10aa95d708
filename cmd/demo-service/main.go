// Command demo-service exports the metrics of a simulated HTTP API (request counter by route and status,
// latency histogram) with a daily-ish traffic cycle and scheduled anomalies (traffic spikes, latency
// regressions, error bursts), for Vigil's demo stack. Configuration by environment:
//
//	DEMO_LISTEN            address to serve /metrics on (default :8080)
//	DEMO_ANOMALIES         anomaly schedule, see ParseSchedule (default DefaultSchedule; "none" disables)
//	DEMO_CYCLE             length of one traffic "day" (default 1h, so a demo session sees several cycles)
//	DEMO_TICK              simulation step (default 1s)
//	DEMO_SEED              random seed (default: the start time)
//	DEMO_HISTORY           simulate this much past before serving (e.g. 168h; default 0 = none), written to
//	DEMO_HISTORY_FILE      as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`
//	DEMO_HISTORY_INTERVAL  one sample per series every … (default 15s, the demo Prometheus's scrape interval)
//	DEMO_HISTORY_INSTANCE  the instance label Prometheus gives the live target (default demo-service:8080);
//	                       the job label is demo-service, as in provisioning/prometheus/prometheus.yml
//
// With a history the simulation starts DEMO_HISTORY before now and the live service continues it: the same
// counters, the same anomaly schedule. /healthz answers (and `demo-service -healthcheck` succeeds) once the
// history file is written, so the stack starts Prometheus after it.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config is the service's configuration after parsing the environment.
type Config struct {
	Listen   string
	Schedule []Anomaly
	Cycle    time.Duration
	Tick     time.Duration
	Seed     uint64
	History  History
}

// HistoryJob is the job label of the demo service's target in provisioning/prometheus/prometheus.yml.
const HistoryJob = "demo-service"

// ConfigFromEnv reads the DEMO_* variables; errors say which variable to fix.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	// #nosec G115 -- the clock is after 1970, so UnixNano is positive; any value is a fine default seed.
	c := Config{Listen: ":8080", Cycle: time.Hour, Tick: time.Second, Seed: uint64(time.Now().UnixNano())}
	c.History = History{Interval: 15 * time.Second, Labels: map[string]string{"job": HistoryJob, "instance": "demo-service:8080"}}
	if v := getenv("DEMO_LISTEN"); v != "" {
		c.Listen = v
	}
	sched := getenv("DEMO_ANOMALIES")
	if sched == "" {
		sched = DefaultSchedule
	}
	if sched != "none" {
		s, err := ParseSchedule(sched)
		if err != nil {
			return c, fmt.Errorf("DEMO_ANOMALIES: %w", err)
		}
		c.Schedule = s
	}
	durations := map[string]*time.Duration{
		"DEMO_CYCLE": &c.Cycle, "DEMO_TICK": &c.Tick, "DEMO_HISTORY": &c.History.Length,
		"DEMO_HISTORY_INTERVAL": &c.History.Interval,
	}
	for name, dst := range durations {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, fmt.Errorf("%s: want a positive duration such as 1h or 500ms, got %q", name, v)
			}
			*dst = d
		}
	}
	c.History.File = getenv("DEMO_HISTORY_FILE")
	if c.History.Length > 0 && c.History.File == "" {
		return c, fmt.Errorf("DEMO_HISTORY is set: DEMO_HISTORY_FILE must name the file to write it to")
	}
	if v := getenv("DEMO_HISTORY_INSTANCE"); v != "" {
		c.History.Labels["instance"] = v
	}
	if v := getenv("DEMO_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return c, fmt.Errorf("DEMO_SEED: want a whole number, got %q", v)
		}
		c.Seed = seed
	}
	return c, nil
}

// NewHandler serves /metrics from reg and a /healthz probe.
func NewHandler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	return mux
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-healthcheck" {
		os.Exit(healthcheck(os.Getenv("DEMO_LISTEN")))
	}
	cfg, err := ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	now := time.Now()
	sim := NewSimulator(reg, DefaultRoutes, cfg.Schedule, cfg.Cycle, now.Add(-cfg.History.Length), cfg.Seed)
	if cfg.History.Length > 0 {
		if err := writeHistory(sim, reg, now, cfg.History); err != nil {
			log.Fatalf("history: %v", err)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		t := time.NewTicker(cfg.Tick)
		defer t.Stop()
		last := now // the history ends here; the first step covers the time spent writing it
		for {
			select {
			case <-ctx.Done():
				return
			case tick := <-t.C:
				sim.Step(tick, tick.Sub(last))
				last = tick
			}
		}
	}()

	srv := &http.Server{Addr: cfg.Listen, Handler: NewHandler(reg), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("demo-service on %s: %d scheduled anomalies, %s cycle", cfg.Listen, len(cfg.Schedule), cfg.Cycle)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// writeHistory simulates the past up to now and writes it where the Prometheus start script picks it up.
func writeHistory(sim *Simulator, reg prometheus.Gatherer, now time.Time, h History) error {
	began := time.Now()
	rec, err := RecordHistory(sim, reg, now, h.Interval, h.Labels)
	if err != nil {
		return err
	}
	if err := writeFileAtomically(h.File, rec.WriteOpenMetrics); err != nil {
		return err
	}
	log.Printf("history: %s of %d series (%d samples, one per %s) written to %s in %s",
		h.Length, len(rec.series), rec.Samples(), h.Interval, h.File, time.Since(began).Round(time.Millisecond))
	return nil
}

// healthcheck asks the service on listen (":8080" style; default :8080) for /healthz: 0 when it answers 200.
// The container image has no shell or curl, so compose's healthcheck runs the binary itself.
func healthcheck(listen string) int {
	if listen == "" {
		listen = ":8080"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}
