package main

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Route is one simulated API endpoint at its normal behaviour.
type Route struct {
	Name        string
	BaseRPS     float64 // mean requests per second at the daily average
	MedianDelay float64 // median latency, seconds
	ErrorRatio  float64 // share of requests failing at normal times
}

// DefaultRoutes is the demo API.
var DefaultRoutes = []Route{
	{Name: "/api/checkout", BaseRPS: 12, MedianDelay: 0.120, ErrorRatio: 0.004},
	{Name: "/api/search", BaseRPS: 40, MedianDelay: 0.045, ErrorRatio: 0.002},
	{Name: "/api/login", BaseRPS: 6, MedianDelay: 0.080, ErrorRatio: 0.01},
}

// Simulator produces request traffic with a daily-ish cycle and the scheduled anomalies, and records it in
// Prometheus metrics the way an instrumented HTTP server would.
type Simulator struct {
	routes   []Route
	schedule []Anomaly
	cycle    time.Duration // length of one "day" of the traffic cycle
	start    time.Time
	rng      *rand.Rand

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	active   *prometheus.GaugeVec
}

// NewSimulator registers the metrics on reg. The seed makes runs reproducible (tests use a fixed one).
func NewSimulator(reg prometheus.Registerer, routes []Route, schedule []Anomaly, cycle time.Duration, start time.Time, seed uint64) *Simulator {
	s := &Simulator{
		routes:   routes,
		schedule: schedule,
		cycle:    cycle,
		start:    start,
		// #nosec G404 -- simulated traffic, reproducible from its seed; nothing secret is drawn.
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests served, by route and status code.",
		}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "HTTP request latency, by route.",
			Buckets: []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		active: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "demo_anomaly_active",
			Help: "1 while an injected anomaly of this kind is running (the demo's ground truth).",
		}, []string{"kind"}),
	}
	reg.MustRegister(s.requests, s.duration, s.active)
	for _, k := range []Kind{TrafficSpike, LatencyRegression, ErrorBurst} {
		s.active.WithLabelValues(string(k)).Set(0)
	}
	for _, r := range routes {
		s.duration.WithLabelValues(r.Name)
		s.requests.WithLabelValues(r.Name, "200")
	}
	return s
}

// effects of the anomalies active at one moment on one route.
type effects struct {
	traffic, latency, errorRatio float64
}

func (s *Simulator) effectsAt(elapsed time.Duration, route string) effects {
	e := effects{traffic: 1, latency: 1}
	for _, a := range s.schedule {
		if !a.appliesTo(route) || !a.ActiveAt(elapsed) {
			continue
		}
		switch a.Kind {
		case TrafficSpike:
			e.traffic *= a.Factor
		case LatencyRegression:
			e.latency *= a.Factor
		case ErrorBurst:
			e.errorRatio = math.Max(e.errorRatio, a.Factor)
		}
	}
	return e
}

// cycleFactor is the traffic level at a moment of the day: low at night, a morning and an evening peak.
func (s *Simulator) cycleFactor(elapsed time.Duration, now time.Time) float64 {
	// Align the cycle with the wall clock when it is a real day, so the dashboard's "night" is night.
	phase := float64(elapsed%s.cycle) / float64(s.cycle)
	if s.cycle == 24*time.Hour {
		h, m, sec := now.UTC().Clock()
		phase = (float64(h)*3600 + float64(m)*60 + float64(sec)) / 86400
	}
	return 1 + 0.5*math.Sin(2*math.Pi*(phase-0.3)) + 0.15*math.Sin(4*math.Pi*phase)
}

// Step simulates the requests of the interval ending at now and records them.
func (s *Simulator) Step(now time.Time, dt time.Duration) {
	elapsed := now.Sub(s.start)
	for _, k := range []Kind{TrafficSpike, LatencyRegression, ErrorBurst} {
		on := 0.0
		for _, a := range s.schedule {
			if a.Kind == k && a.ActiveAt(elapsed) {
				on = 1
			}
		}
		s.active.WithLabelValues(string(k)).Set(on)
	}
	for _, r := range s.routes {
		e := s.effectsAt(elapsed, r.Name)
		mean := r.BaseRPS * s.cycleFactor(elapsed, now) * e.traffic * dt.Seconds()
		n := s.poisson(mean)
		errRatio := math.Max(r.ErrorRatio, e.errorRatio)
		// Counts by status (200, 500, 503) and one histogram child per route: a week of history is some 35
		// million simulated requests, so nothing is looked up or allocated per request.
		var counts [3]float64
		latency := s.duration.WithLabelValues(r.Name)
		for i := 0; i < n; i++ {
			status := 0
			if s.rng.Float64() < errRatio {
				status = 1
				if s.rng.Float64() < 0.2 {
					status = 2
				}
			}
			counts[status]++
			// Log-normal latency around the route's median; failures are answered faster.
			d := r.MedianDelay * e.latency * math.Exp(0.35*s.rng.NormFloat64())
			if status != 0 {
				d *= 0.5
			}
			latency.Observe(d)
		}
		for i, status := range []string{"200", "500", "503"} {
			if counts[i] > 0 {
				s.requests.WithLabelValues(r.Name, status).Add(counts[i])
			}
		}
	}
}

// poisson draws a Poisson count (normal approximation above 30, where it is accurate enough for a demo).
func (s *Simulator) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return int(math.Max(0, math.Round(mean+math.Sqrt(mean)*s.rng.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= s.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
