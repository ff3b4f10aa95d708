package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.yaml.in/yaml/v3"
)

// TestProvisionedQueriesAgainstRealPrometheus runs the demo service in-process, lets a real Prometheus (Debian's
// package) scrape it, and runs every PromQL expression of the provisioned dashboard and alert rules against
// that Prometheus: each must be valid PromQL and find the demo service's series.
func TestProvisionedQueriesAgainstRealPrometheus(t *testing.T) {
	promBin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("prometheus is not installed (Debian package prometheus)")
	}

	// The demo service, with an error burst on from the start so the error-ratio series exist at once.
	reg := prometheus.NewRegistry()
	schedule, err := ParseSchedule("errors,every=1h,offset=0s,for=30m,factor=0.3")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sim := NewSimulator(reg, DefaultRoutes, schedule, time.Hour, start, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				sim.Step(now, 100*time.Millisecond)
			}
		}
	}()
	demo := httptest.NewServer(NewHandler(reg)) // binds 127.0.0.1
	defer demo.Close()

	dir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: demo-service\n"+
		"    static_configs:\n      - targets: ['%s']\n", strings.TrimPrefix(demo.URL, "http://"))
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(promBin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	base := "http://" + addr

	// Wait until Prometheus holds a few scrapes of the demo service (rate() needs two samples).
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := promQuery(base, `count_over_time(up{job="demo-service"}[1m])`)
		if err == nil && len(res) == 1 && fmt.Sprint(res[0].Value[1]) != "" && sampleValue(res[0]) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus did not scrape the demo service within 60s (last: %v, %v)", res, err)
		}
		time.Sleep(500 * time.Millisecond)
	}

	for _, q := range provisionedExprs(t) {
		// Dashboard variables as Grafana fills them: $route = All, $__rate_interval = 4 scrape intervals.
		expr := strings.NewReplacer(`$__rate_interval`, `10s`, `$route`, `.*`).Replace(q.expr)
		res, err := promQuery(base, expr)
		if err != nil {
			t.Errorf("%s: %v\n%s", q.where, err, expr)
			continue
		}
		if len(res) == 0 {
			t.Errorf("%s: no series\n%s", q.where, expr)
		}
	}

	// The dashboard's $route variable: label_values(http_requests_total{job="demo-service"}, route).
	resp, err := http.Get(base + "/api/v1/label/route/values?match[]=" + url.QueryEscape(`http_requests_total{job="demo-service"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var labels struct{ Data []string }
	if err := json.NewDecoder(resp.Body).Decode(&labels); err != nil {
		t.Fatal(err)
	}
	if len(labels.Data) != len(DefaultRoutes) {
		t.Errorf("route values %v, want the %d demo routes", labels.Data, len(DefaultRoutes))
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type promSample struct {
	Metric map[string]string
	Value  [2]any
}

// promQuery runs an instant query; errors carry Prometheus's own message.
func promQuery(base, expr string) ([]promSample, error) {
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Status, Error string
		Data          struct{ Result []promSample }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("prometheus: %s", body.Error)
	}
	return body.Data.Result, nil
}

// sampleValue is the number of an instant-query sample (Prometheus sends it as a string).
func sampleValue(s promSample) float64 {
	var v float64
	_, _ = fmt.Sscan(fmt.Sprint(s.Value[1]), &v)
	return v
}

type namedExpr struct{ where, expr string }

// provisionedExprs collects the PromQL of every query in the demo dashboard (panels and annotations) and the
// alert rules.
func provisionedExprs(t *testing.T) []namedExpr {
	var out []namedExpr
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ RefID, Expr string }
		}
		Annotations struct {
			List []struct {
				Name   string
				Target *struct{ Expr string }
			}
		}
	}
	b, err := os.ReadFile("../../provisioning/dashboards/json/vigil-demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatal(err)
	}
	for _, p := range dash.Panels {
		for _, q := range p.Targets {
			out = append(out, namedExpr{"panel " + p.Title + " " + q.RefID, q.Expr})
		}
	}
	for _, a := range dash.Annotations.List {
		if a.Target != nil {
			out = append(out, namedExpr{"annotation " + a.Name, a.Target.Expr})
		}
	}
	var rules struct {
		Groups []struct {
			Rules []struct {
				Title string
				Data  []struct {
					DatasourceUID string `yaml:"datasourceUid"`
					Model         struct{ Expr string }
				}
			}
		}
	}
	b, err = os.ReadFile("../../provisioning/alerting/vigil-alert-rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatal(err)
	}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			for _, d := range r.Data {
				if d.DatasourceUID != "__expr__" {
					out = append(out, namedExpr{"alert rule " + r.Title, d.Model.Expr})
				}
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d provisioned queries found", len(out))
	}
	return out
}
