// Command demo-service exports the metrics of a simulated HTTP API (request counter by route and status,
// latency histogram) with a daily-ish traffic cycle and scheduled anomalies (traffic spikes, latency
// regressions, error bursts), for Vigil's demo stack. Configuration by environment:
//
//	DEMO_LISTEN      address to serve /metrics on (default :8080)
//	DEMO_ANOMALIES   anomaly schedule, see ParseSchedule (default DefaultSchedule; "none" disables)
//	DEMO_CYCLE       length of one traffic "day" (default 24h; e.g. 1h to see several cycles quickly)
//	DEMO_TICK        simulation step (default 1s)
//	DEMO_SEED        random seed (default: the start time)
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
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
}

// ConfigFromEnv reads the DEMO_* variables; errors say which variable to fix.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	// #nosec G115 -- the clock is after 1970, so UnixNano is positive; any value is a fine default seed.
	c := Config{Listen: ":8080", Cycle: 24 * time.Hour, Tick: time.Second, Seed: uint64(time.Now().UnixNano())}
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
	for name, dst := range map[string]*time.Duration{"DEMO_CYCLE": &c.Cycle, "DEMO_TICK": &c.Tick} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, fmt.Errorf("%s: want a positive duration such as 1h or 500ms, got %q", name, v)
			}
			*dst = d
		}
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
	cfg, err := ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	sim := NewSimulator(reg, DefaultRoutes, cfg.Schedule, cfg.Cycle, time.Now(), cfg.Seed)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		t := time.NewTicker(cfg.Tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				sim.Step(now, cfg.Tick)
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
