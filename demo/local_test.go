package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	backendlog "github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/vigil-anomaly/vigil/pkg/plugin"
)

// The no-Docker path (scripts/server-local.sh) is tested in its parts, without a Grafana: the demo service with
// a week of history, promtool's backfill and Prometheus run for real (Debian's prometheus package); the Grafana
// it would start is checked through --print-grafana-env against the provisioning files.

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func needPrometheus(t *testing.T) {
	t.Helper()
	for _, bin := range []string{"prometheus", "promtool", "node"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed", bin)
		}
	}
}

// printGrafanaEnv runs server-local.sh --print-grafana-env with extra environment and parses its KEY=VALUE lines.
func printGrafanaEnv(t *testing.T, env ...string) map[string]string {
	t.Helper()
	if _, err := os.ReadFile(filepath.Join(root, "scripts/server-local.sh")); err != nil { // for go test's cache
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts/server-local.sh"), "--print-grafana-env")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("server-local.sh --print-grafana-env: %v", err)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("not KEY=VALUE: %q", line)
		}
		vars[k] = v
	}
	return vars
}

func TestLocalGrafanaUsesTheBuiltPluginAndTheProvisioning(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	abs, _ := filepath.Abs(root)
	work := t.TempDir()
	env := printGrafanaEnv(t, "VIGIL_LOCAL_DIR="+work, "VIGIL_PROMETHEUS_PORT=19999", "GRAFANA_PORT=13000", "GRAFANA_HOME=")

	if got := env["GF_PATHS_PROVISIONING"]; got != filepath.Join(abs, "provisioning") {
		t.Errorf("GF_PATHS_PROVISIONING = %q, want this repository's provisioning/", got)
	}
	if got := env["VIGIL_PROMETHEUS_URL"]; got != "http://127.0.0.1:19999" {
		t.Errorf("VIGIL_PROMETHEUS_URL = %q, want the loopback Prometheus the script starts", got)
	}
	if env["GF_SERVER_HTTP_ADDR"] != "127.0.0.1" || env["GF_SERVER_HTTP_PORT"] != "13000" {
		t.Errorf("Grafana listens on %s:%s, want 127.0.0.1:13000", env["GF_SERVER_HTTP_ADDR"], env["GF_SERVER_HTTP_PORT"])
	}
	for _, k := range []string{"GF_PATHS_DATA", "GF_PATHS_LOGS", "GF_PATHS_PLUGINS"} {
		if !strings.HasPrefix(env[k], work+"/") {
			t.Errorf("%s = %q: Grafana's own files must stay in the work directory %s", k, env[k], work)
		}
	}
	_, ids := pluginIDs(t)
	if got := env["GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"]; got != strings.Join(ids, ",") {
		t.Errorf("unsigned plugins allowed: %q, want %q", got, strings.Join(ids, ","))
	}
	// Every variable the provisioning files read is set, and resolves to files and services that exist.
	for _, v := range provisioningVariables(t) {
		if env[v] == "" {
			t.Errorf("provisioning reads $%s, which the local Grafana does not get", v)
		}
	}
	var providers struct {
		Providers []struct{ Options struct{ Path string } }
	}
	readYAML(t, "provisioning/dashboards/dashboards.yml", &providers)
	for _, p := range providers.Providers {
		dir := os.Expand(p.Options.Path, func(k string) string { return env[k] })
		if found, _ := filepath.Glob(filepath.Join(dir, "*.json")); len(found) == 0 {
			t.Errorf("locally the dashboard provider path %s is %s, which has no dashboards", p.Options.Path, dir)
		}
	}
}

func TestLocalGrafanaIsFoundInATarballOrAPackageLayout(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	layout := func(binary string) string {
		home := t.TempDir()
		for _, f := range []string{"conf/defaults.ini", "bin/" + binary} {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(home, f)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(home, f), nil, 0o755); err != nil { // #nosec G306 -- a stand-in binary
				t.Fatal(err)
			}
		}
		return home
	}
	tarball := layout("grafana")
	if got := printGrafanaEnv(t, "GRAFANA_HOME="+tarball)["GRAFANA_COMMAND"]; got != tarball+"/bin/grafana server --homepath "+tarball {
		t.Errorf("GRAFANA_HOME tarball: command %q", got)
	}
	// A tarball's bin/ on PATH: the home is the directory above it.
	onPath := layout("grafana")
	path := filepath.Join(onPath, "bin") + ":" + os.Getenv("PATH")
	if got := printGrafanaEnv(t, "GRAFANA_HOME=", "PATH="+path)["GRAFANA_COMMAND"]; got != onPath+"/bin/grafana server --homepath "+onPath {
		t.Errorf("grafana on PATH: command %q", got)
	}
	// Before Grafana 10 the binary was grafana-server.
	old := layout("grafana-server")
	if got := printGrafanaEnv(t, "GRAFANA_HOME="+old)["GRAFANA_COMMAND"]; got != old+"/bin/grafana-server --homepath "+old {
		t.Errorf("grafana-server: command %q", got)
	}
}

// TestLocalStackBackfillsAWeekAndEveryQueryHasData runs `server-local.sh --no-grafana` (the demo service with a
// week of history, promtool's backfill, Prometheus on loopback), then checks what a fresh stack must show at
// once: every provisioned PromQL expression has data across the backfilled week, the injected anomalies are in
// it, the live scrape continues the same counters, and every provisioned Vigil query (panels, annotations,
// alert rules) returns numbers through the backend. It also checks the script stops everything it started.
func TestLocalStackBackfillsAWeekAndEveryQueryHasData(t *testing.T) {
	needPrometheus(t)
	if testing.Short() {
		t.Skip("starts the demo stack without Grafana (about a minute)")
	}
	dependOnFilesTheScriptRuns(t)
	demoPort, promPort := freePort(t), freePort(t)
	cmd := exec.Command("bash", filepath.Join(root, "scripts/server-local.sh"), "--no-grafana")
	cmd.Env = append(os.Environ(), "VIGIL_LOCAL_DIR="+t.TempDir(),
		"VIGIL_DEMO_PORT="+strconv.Itoa(demoPort), "VIGIL_PROMETHEUS_PORT="+strconv.Itoa(promPort))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			t.Log(sc.Text())
			if strings.Contains(sc.Text(), "server:local: ready") {
				close(ready)
			}
		}
		exited <- cmd.Wait()
	}()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Error("server-local.sh did not stop within 30 s of SIGTERM")
			}
		}
	}
	defer stop()
	select {
	case <-ready:
		t.Logf("demo service and Prometheus ready %s after start (history simulated and backfilled)",
			time.Since(began).Round(time.Second))
	case err := <-exited:
		t.Fatalf("server-local.sh exited before it was ready: %v", err)
	case <-time.After(5 * time.Minute):
		t.Fatal("server-local.sh not ready after 5 minutes")
	}
	prom := "http://127.0.0.1:" + strconv.Itoa(promPort)
	end := time.Now()

	t.Run("every provisioned expression has data across the backfilled week", func(t *testing.T) {
		for _, q := range provisionedPromQL(t) {
			expr := strings.NewReplacer("$__rate_interval", "1m", "$route", ".*").Replace(q.expr)
			hours := rangeQueryCoverage(t, prom, expr, end.Add(-167*time.Hour), end, time.Hour)
			// One point per hour of the week; allow a few hours where a ratio has no 5xx series yet.
			if hours < 160 {
				t.Errorf("%s: data in %d of 168 hours of the backfilled week\n%s", q.where, hours, expr)
			}
		}
	})

	t.Run("the history holds the injected anomalies", func(t *testing.T) {
		for _, kind := range []string{"spike", "latency", "errors"} {
			// Minutes with the anomaly on over the week: spikes 6 min every 2 h, latency 10 min every 3 h, ….
			expr := fmt.Sprintf(`sum_over_time(demo_anomaly_active{kind=%q}[7d]) * 15 / 60`, kind)
			v := instantValue(t, prom, expr, end)
			if v < 200 {
				t.Errorf("%s: on for %.0f minutes of the week, want the schedule's hundreds", kind, v)
			}
		}
	})

	t.Run("the live scrape continues the history's counters", func(t *testing.T) {
		deadline := time.Now().Add(90 * time.Second)
		for instantValue(t, prom, `count_over_time(up{job="demo-service"}[5m])`, time.Now()) < 2 {
			if time.Now().After(deadline) {
				t.Fatal("Prometheus did not scrape the live demo service twice within 90 s")
			}
			time.Sleep(2 * time.Second)
		}
		if r := instantValue(t, prom, `sum(resets(http_requests_total{job="demo-service"}[30m]))`, time.Now()); r != 0 {
			t.Errorf("%v counter resets between the history and the live service: they are not one series", r)
		}
	})

	t.Run("every provisioned Vigil query returns numbers", func(t *testing.T) {
		ds := vigilDatasource(t, prom)
		for _, q := range provisionedVigilQueries(t) {
			checkVigilResponse(t, ds, q)
		}
	})

	stop()
	for _, port := range []int{demoPort, promPort} {
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second); err == nil {
			c.Close()
			t.Errorf("port %d still answers after server-local.sh stopped", port)
		}
	}
}

// dependOnFilesTheScriptRuns reads the files the script runs or builds, so `go test`'s result cache (which
// tracks the files a test opens, not those a child process reads) reruns the test when one of them changes.
func dependOnFilesTheScriptRuns(t *testing.T) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(root, "cmd/demo-service/*.go"))
	files = append(files, filepath.Join(root, "scripts/server-local.sh"), filepath.Join(root, "demo/prometheus-start.sh"))
	for _, f := range files {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
}

// provisioningVariables lists the $VARIABLES the provisioning YAML files read (Grafana expands them).
func provisioningVariables(t *testing.T) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range provisioningFiles(t) {
		if filepath.Ext(f) == ".json" || strings.HasPrefix(f, "provisioning/prometheus/") ||
			strings.HasPrefix(f, "provisioning/alerting/") { // alert templates use $labels, $values
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			os.Expand(line, func(k string) string {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
				return ""
			})
		}
	}
	return out
}

// provisionedPromQL is every PromQL expression of the demo dashboard (panels, annotations) and alert rules.
func provisionedPromQL(t *testing.T) []namedQuery {
	var out []namedQuery
	for _, q := range provisionedQueries(t) {
		if expr, _ := q.model["expr"].(string); expr != "" {
			out = append(out, namedQuery{where: q.where, expr: expr})
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d provisioned queries", len(out))
	}
	return out
}

type namedQuery struct{ where, expr string }

// provisionedQuery is one query model as Grafana would send it, with the range Grafana would ask for.
type provisionedQuery struct {
	where        string
	dsUID        string
	model        map[string]any
	from, to     time.Time
	interval     time.Duration
	isAlertQuery bool
}

// provisionedQueries reads the dashboard's targets and annotation queries (default range now-3h) and the alert
// rules' data queries (their relativeTimeRange and intervalMs).
func provisionedQueries(t *testing.T) []provisionedQuery {
	now := time.Now()
	var out []provisionedQuery
	var dash struct {
		Panels []struct {
			Title   string
			Targets []map[string]any
		}
		Annotations struct {
			List []struct {
				Name       string
				Datasource struct{ UID string }
				Target     map[string]any
			}
		}
	}
	readJSON(t, "provisioning/dashboards/json/vigil-demo.json", &dash)
	for _, p := range dash.Panels {
		for _, q := range p.Targets {
			ds, _ := q["datasource"].(map[string]any)
			uid, _ := ds["uid"].(string)
			out = append(out, provisionedQuery{where: "panel " + p.Title, dsUID: uid, model: q,
				from: now.Add(-3 * time.Hour), to: now, interval: 15 * time.Second})
		}
	}
	for _, a := range dash.Annotations.List {
		if a.Target != nil {
			out = append(out, provisionedQuery{where: "annotation " + a.Name, dsUID: a.Datasource.UID,
				model: a.Target, from: now.Add(-3 * time.Hour), to: now, interval: 15 * time.Second})
		}
	}
	var rules struct {
		Groups []struct {
			Rules []struct {
				Title string
				Data  []struct {
					DatasourceUID     string                   `yaml:"datasourceUid"`
					RelativeTimeRange struct{ From, To int64 } `yaml:"relativeTimeRange"`
					Model             map[string]any
				}
			}
		}
	}
	readYAML(t, "provisioning/alerting/vigil-alert-rules.yml", &rules)
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			for _, d := range r.Data {
				if d.DatasourceUID == "__expr__" {
					continue
				}
				ms, _ := d.Model["intervalMs"].(int)
				out = append(out, provisionedQuery{where: "alert rule " + r.Title, dsUID: d.DatasourceUID,
					model: d.Model, isAlertQuery: true, interval: time.Duration(ms) * time.Millisecond,
					from: now.Add(-time.Duration(d.RelativeTimeRange.From) * time.Second),
					to:   now.Add(-time.Duration(d.RelativeTimeRange.To) * time.Second)})
			}
		}
	}
	return out
}

// provisionedVigilQueries are the queries of provisionedQueries that go to the Vigil data source, with the
// dashboard variables filled in as Grafana does ($route = All, $__rate_interval = 4 scrape intervals).
func provisionedVigilQueries(t *testing.T) []provisionedQuery {
	dsUIDs := datasources(t)
	dsID := pluginID(t, "datasource")
	var out []provisionedQuery
	for _, q := range provisionedQueries(t) {
		if dsUIDs[q.dsUID].Type != dsID {
			continue
		}
		m := map[string]any{}
		for k, v := range q.model {
			m[k] = v
		}
		m["expr"] = strings.NewReplacer("$__rate_interval", "1m", "$route", ".*").Replace(m["expr"].(string))
		q.model = m
		out = append(out, q)
	}
	if len(out) < 9 {
		t.Fatalf("only %d provisioned Vigil queries", len(out))
	}
	return out
}

// vigilDatasource is the Vigil backend with the provisioned jsonData, its Prometheus URL pointed at prom.
func vigilDatasource(t *testing.T, prom string) *plugin.Datasource {
	t.Helper()
	for _, ds := range datasources(t) {
		if ds.Type != pluginID(t, "datasource") {
			continue
		}
		settings := map[string]any{}
		for k, v := range ds.JSONData {
			settings[k] = v
		}
		settings["prometheusUrl"] = prom
		raw, _ := json.Marshal(settings)
		inst, err := plugin.NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: ds.UID, JSONData: raw})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(inst.(*plugin.Datasource).Dispose)
		return inst.(*plugin.Datasource)
	}
	t.Fatal("no Vigil data source provisioned")
	return nil
}

// checkVigilResponse runs one query through the backend: no error, and detector numbers (a warm detector). An
// events query must list at least one anomaly over its range (the demo injects one every two hours); an alert
// query must end every series with a number, or its Reduce (last, drop non-numeric) would see NoData.
func checkVigilResponse(t *testing.T, ds *plugin.Datasource, q provisionedQuery) {
	t.Helper()
	q.model["refId"] = "A"
	raw, _ := json.Marshal(q.model)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: raw, Interval: q.interval, MaxDataPoints: 1000,
		TimeRange: backend.TimeRange{From: q.from, To: q.to},
	}}})
	if err != nil {
		t.Fatalf("%s: %v", q.where, err)
	}
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Errorf("%s: %v", q.where, r.Error)
		return
	}
	output, _ := q.model["output"].(string)
	numbers, rows, seriesEndingInNumber, series := 0, 0, 0, 0
	for _, f := range r.Frames {
		n, _ := f.RowLen()
		rows += n
		for _, field := range f.Fields {
			// Count the detector's numbers (expected, band, score, flag), not the raw series a band frame repeats.
			if !field.Type().Numeric() || field.Name == "value" {
				continue
			}
			last := math.NaN()
			for i := 0; i < field.Len(); i++ {
				if v, ok := floatAt(field, i); ok && !math.IsNaN(v) {
					numbers++
					last = v
				}
			}
			series++
			if !math.IsNaN(last) {
				seriesEndingInNumber++
			}
		}
	}
	switch {
	case output == "events" && rows == 0:
		t.Errorf("%s: no anomaly events between %s and %s", q.where, q.from.Format(time.TimeOnly), q.to.Format(time.TimeOnly))
	case output != "events" && numbers == 0:
		t.Errorf("%s (%s): no numbers in %d frames", q.where, output, len(r.Frames))
	case q.isAlertQuery && (series == 0 || seriesEndingInNumber < series):
		t.Errorf("%s: %d of %d series have a last value; the rule would see NoData", q.where, seriesEndingInNumber, series)
	}
}

func floatAt(f *data.Field, i int) (float64, bool) {
	v, err := f.FloatAt(i)
	if err != nil {
		return 0, false
	}
	if f.Nullable() {
		if p, ok := f.ConcreteAt(i); !ok || p == nil {
			return 0, false
		}
	}
	return v, true
}

// rangeQueryCoverage runs a range query and returns how many of its steps have a value in any series.
func rangeQueryCoverage(t *testing.T, prom, expr string, from, to time.Time, step time.Duration) int {
	t.Helper()
	q := url.Values{"query": {expr}, "start": {strconv.FormatInt(from.Unix(), 10)},
		"end": {strconv.FormatInt(to.Unix(), 10)}, "step": {strconv.Itoa(int(step.Seconds()))}}
	var body struct {
		Status, Error string
		Data          struct {
			Result []struct{ Values [][2]any }
		}
	}
	getJSON(t, prom+"/api/v1/query_range?"+q.Encode(), &body)
	if body.Status != "success" {
		t.Fatalf("%s: %s", expr, body.Error)
	}
	steps := map[string]bool{}
	for _, r := range body.Data.Result {
		for _, v := range r.Values {
			if s := fmt.Sprint(v[1]); s != "NaN" {
				steps[fmt.Sprint(v[0])] = true
			}
		}
	}
	return len(steps)
}

// instantValue is the sum of an instant query's results at a time (0 when it has none).
func instantValue(t *testing.T, prom, expr string, at time.Time) float64 {
	t.Helper()
	q := url.Values{"query": {expr}, "time": {strconv.FormatInt(at.Unix(), 10)}}
	var body struct {
		Status, Error string
		Data          struct {
			Result []struct{ Value [2]any }
		}
	}
	getJSON(t, prom+"/api/v1/query?"+q.Encode(), &body)
	if body.Status != "success" {
		t.Fatalf("%s: %s", expr, body.Error)
	}
	total := 0.0
	for _, r := range body.Data.Result {
		v, _ := strconv.ParseFloat(fmt.Sprint(r.Value[1]), 64)
		total += v
	}
	return total
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u) // #nosec G107 -- the loopback Prometheus this test started
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestMain(m *testing.M) {
	// The backend's per-query debug lines would bury the test output.
	backendlog.DefaultLogger = backendlog.NewWithLevel(backendlog.Warn)
	os.Exit(m.Run())
}
