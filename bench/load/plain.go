package main

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/prom"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// plainResult is the same load sent straight to Prometheus: each query's query_range (the series, range and step
// the backend's planner fetches for it), all at once, decoded by the same client; what Prometheus itself takes.
type plainResult struct {
	Errors      int     `json:"errors"`
	P50Ms       float64 `json:"p50Ms"`
	P99Ms       float64 `json:"p99Ms"`
	WallSeconds float64 `json:"wallSeconds"`
}

func plainLoad(settings backend.DataSourceInstanceSettings, queries []backend.DataQuery, timeout time.Duration) (plainResult, error) {
	s, err := models.Load(settings)
	if err != nil {
		return plainResult{}, err
	}
	timeouts := httpclient.DefaultTimeoutOptions
	timeouts.Timeout = timeout
	client, err := prom.New(s.PrometheusURL, httpclient.Options{Timeouts: &timeouts})
	if err != nil {
		return plainResult{}, err
	}
	defer client.Close()
	ranges := make([]prom.Range, len(queries))
	for i, dq := range queries {
		q, err := query.Parse(dq.JSON, s)
		if err != nil {
			return plainResult{}, err
		}
		plan, err := query.MakePlan(q, query.PlanInput{From: dq.TimeRange.From, To: dq.TimeRange.To, Interval: dq.Interval,
			MaxDataPoints: dq.MaxDataPoints, MaxPoints: s.MaxPoints, WarmupPoints: q.Detector.Warmup})
		if err != nil {
			return plainResult{}, err
		}
		ranges[i] = prom.Range{Expr: q.Expr, Start: plan.FetchStart, End: plan.End, Step: plan.Step}
	}
	latencies := make([]float64, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, r := range ranges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			_, errs[i] = client.QueryRange(context.Background(), r)
			latencies[i] = float64(time.Since(t0).Microseconds()) / 1000
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	res := plainResult{WallSeconds: time.Since(t0).Seconds()}
	for _, err := range errs {
		if err != nil {
			res.Errors++
		}
	}
	slices.Sort(latencies)
	res.P50Ms, res.P99Ms = percentile(latencies, 50), percentile(latencies, 99)
	return res, nil
}
