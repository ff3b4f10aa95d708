package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
	"go.yaml.in/yaml/v3"
)

// root is the repository root (go test runs in the package directory).
const root = ".."

// Container paths the compose stack mounts; see .config/docker-compose-base.yaml.
const grafanaProvisioning = "/etc/grafana/provisioning"

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type compose struct {
	Services map[string]struct {
		Extends *struct {
			File    string `yaml:"file"`
			Service string `yaml:"service"`
		} `yaml:"extends"`
		Image string `yaml:"image"`
		Build *struct {
			Context    string            `yaml:"context"`
			Dockerfile string            `yaml:"dockerfile"`
			Args       map[string]string `yaml:"args"`
		} `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
		Ports       []string          `yaml:"ports"`
		DependsOn   dependsOn         `yaml:"depends_on"`
		Entrypoint  []string          `yaml:"entrypoint"`
		Command     []string          `yaml:"command"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// dependsOn is compose's depends_on in either form: a list of services, or a map of service → condition.
type dependsOn map[string]string

func (d *dependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = dependsOn{}
	if n.Kind == yaml.SequenceNode {
		var names []string
		if err := n.Decode(&names); err != nil {
			return err
		}
		for _, name := range names {
			(*d)[name] = "service_started"
		}
		return nil
	}
	var m map[string]struct {
		Condition string `yaml:"condition"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	for name, c := range m {
		(*d)[name] = c.Condition
	}
	return nil
}

// composeValue resolves a compose environment value the way compose does for ${VAR:-default} with VAR unset.
func composeValue(v string) string {
	if m := regexp.MustCompile(`^\$\{[A-Z_]+:-(.*)\}$`).FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// grafanaEnv is the environment the compose Grafana container gets (defaults of ${VAR:-…} applied).
func grafanaEnv(c compose) map[string]string {
	env := map[string]string{}
	for k, v := range c.Services["grafana"].Environment {
		env[k] = composeValue(v)
	}
	return env
}

// pluginIDs reads the app's id and the ids of the nested plugins it includes.
func pluginIDs(t *testing.T) (app string, all []string) {
	var p struct {
		ID       string `json:"id"`
		Includes []struct {
			Type string `json:"type"`
			Path string `json:"path"`
		} `json:"includes"`
	}
	readJSON(t, "src/plugin.json", &p)
	all = []string{p.ID}
	for _, inc := range p.Includes {
		if inc.Type == "datasource" || inc.Type == "panel" {
			var nested struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			}
			readJSON(t, filepath.Join("src", inc.Path), &nested)
			if nested.Type != inc.Type {
				t.Errorf("src/plugin.json includes %s as %s but it is a %s", inc.Path, inc.Type, nested.Type)
			}
			all = append(all, nested.ID)
		}
	}
	return p.ID, all
}

func pluginID(t *testing.T, dir string) string {
	var p struct {
		ID string `json:"id"`
	}
	readJSON(t, filepath.Join("src", dir, "plugin.json"), &p)
	return p.ID
}

func TestComposeServicesAndMounts(t *testing.T) {
	var c compose
	readYAML(t, "docker-compose.yaml", &c)
	for _, name := range []string{"grafana", "prometheus", "node-exporter", "demo-service"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("docker-compose.yaml has no %s service", name)
		}
	}

	// Grafana: the scaffold's service, a pinned version, every plugin id allowed unsigned.
	g := c.Services["grafana"]
	if g.Extends == nil {
		t.Fatal("grafana service does not extend the scaffold's base service")
	}
	if g.Build == nil || !regexp.MustCompile(`^\$\{GRAFANA_VERSION:-\d+\.\d+\.\d+\}$`).MatchString(g.Build.Args["grafana_version"]) {
		t.Errorf("grafana version is not pinned to an exact release: %+v", g.Build)
	}
	_, ids := pluginIDs(t)
	allowed := strings.Split(g.Environment["GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"], ",")
	slices.Sort(allowed)
	slices.Sort(ids)
	if !slices.Equal(allowed, ids) {
		t.Errorf("GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS = %v, plugin.json ids = %v", allowed, ids)
	}

	// The base service mounts dist/ as the plugin and provisioning/ as Grafana's provisioning directory.
	var base compose
	readYAML(t, g.Extends.File, &base)
	baseDir := filepath.Dir(g.Extends.File)
	bg, ok := base.Services[g.Extends.Service]
	if !ok {
		t.Fatalf("%s has no service %s", g.Extends.File, g.Extends.Service)
	}
	app, _ := pluginIDs(t)
	mounts := map[string]string{}
	for _, v := range bg.Volumes {
		parts := strings.Split(v, ":")
		mounts[parts[1]] = filepath.Clean(filepath.Join(baseDir, parts[0]))
	}
	if got := mounts["/var/lib/grafana/plugins/"+app]; got != "dist" {
		t.Errorf("the plugin directory is mounted from %q, want dist (the webpack + mage output)", got)
	}
	if got := mounts[grafanaProvisioning]; got != "provisioning" {
		t.Errorf("%s is mounted from %q, want provisioning", grafanaProvisioning, got)
	}
	if got := g.Environment["GF_PATHS_PROVISIONING"]; got != grafanaProvisioning {
		t.Errorf("GF_PATHS_PROVISIONING = %q, want the mount point %s (dashboards.yml reads it)", got, grafanaProvisioning)
	}

	// Every file or directory the demo services mount or build from exists (dist/ is a build output: above);
	// named volumes are declared at the top level.
	for name, s := range c.Services {
		for _, v := range s.Volumes {
			src := strings.Split(v, ":")[0]
			if _, named := c.Volumes[src]; named {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, src)); err != nil {
				t.Errorf("service %s mounts %s: %v", name, src, err)
			}
		}
		if s.Build != nil && s.Build.Dockerfile != "" {
			if _, err := os.Stat(filepath.Join(root, s.Build.Context, s.Build.Dockerfile)); err != nil {
				t.Errorf("service %s: %v", name, err)
			}
		}
		for dep := range s.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("service %s depends on unknown service %s", name, dep)
			}
		}
		if s.Image != "" && !regexp.MustCompile(`:v?\d+\.\d+\.\d+$`).MatchString(s.Image) {
			t.Errorf("service %s image %s is not pinned to a release", name, s.Image)
		}
	}
}

// provisioningFiles lists every YAML and JSON file under provisioning/.
func provisioningFiles(t *testing.T) []string {
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "provisioning"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(p); !d.IsDir() && (ext == ".yml" || ext == ".yaml" || ext == ".json") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEveryProvisioningFileParses(t *testing.T) {
	files := provisioningFiles(t)
	if len(files) < 5 {
		t.Fatalf("only %d provisioning files: %v", len(files), files)
	}
	for _, f := range files {
		var v any
		if filepath.Ext(f) == ".json" {
			readJSON(t, f, &v)
		} else {
			readYAML(t, f, &v)
		}
		if v == nil {
			t.Errorf("%s is empty", f)
		}
	}
}

type datasource struct {
	Name     string         `yaml:"name"`
	UID      string         `yaml:"uid"`
	Type     string         `yaml:"type"`
	URL      string         `yaml:"url"`
	JSONData map[string]any `yaml:"jsonData"`
}

// datasources reads provisioning/datasources/*: uid → data source.
func datasources(t *testing.T) map[string]datasource {
	files, _ := filepath.Glob(filepath.Join(root, "provisioning/datasources/*.y*ml"))
	out := map[string]datasource{}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		var doc struct {
			Datasources []datasource `yaml:"datasources"`
		}
		readYAML(t, rel, &doc)
		for _, ds := range doc.Datasources {
			if ds.UID == "" {
				t.Errorf("%s: data source %q has no fixed uid", rel, ds.Name)
			}
			out[ds.UID] = ds
		}
	}
	return out
}

// The data sources' URLs come from VIGIL_PROMETHEUS_URL, which compose gives the Grafana container with the
// compose service as default (Grafana itself expands variables without defaults).
func TestDatasourcesPointAtTheStack(t *testing.T) {
	var c compose
	readYAML(t, "docker-compose.yaml", &c)
	env := grafanaEnv(c)
	for _, v := range provisioningVariables(t) {
		if env[v] == "" {
			t.Errorf("provisioning reads $%s, which docker-compose.yaml does not give the grafana service", v)
		}
	}
	expand := func(s string) string { return os.Expand(s, func(k string) string { return env[k] }) }
	dsID := pluginID(t, "datasource")
	var vigil, prom int
	for uid, ds := range datasources(t) {
		if !strings.Contains(ds.URL+fmt.Sprint(ds.JSONData["prometheusUrl"]), "$VIGIL_PROMETHEUS_URL") {
			t.Errorf("data source %s does not take its URL from $VIGIL_PROMETHEUS_URL", uid)
		}
		url := expand(ds.URL)
		switch ds.Type {
		case dsID:
			vigil++
			raw, _ := ds.JSONData["prometheusUrl"].(string)
			url = expand(raw)
			if url != "http://prometheus:9090" {
				t.Errorf("Vigil data source %s: prometheusUrl %q in the compose stack, want http://prometheus:9090", uid, url)
			}
		case "prometheus":
			prom++
		default:
			t.Errorf("data source %s has type %s", uid, ds.Type)
		}
		host := regexp.MustCompile(`^https?://([^:/]+)`).FindStringSubmatch(url)
		if host == nil {
			t.Errorf("data source %s: URL %q", uid, url)
		} else if _, ok := c.Services[host[1]]; !ok {
			t.Errorf("data source %s points at %s, which is not a compose service", uid, host[1])
		}
	}
	if vigil != 1 || prom != 1 {
		t.Errorf("want one Vigil and one Prometheus data source, got %d and %d", vigil, prom)
	}
}

// vigilQuery is the part of a Vigil query the checks read (docs/query-model.md).
type vigilQuery struct {
	RefID      string `json:"refId" yaml:"refId"`
	Datasource *struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	} `json:"datasource"`
	Expr     string `json:"expr"`
	Output   string `json:"output"`
	Detector *struct {
		Type   string         `json:"type"`
		Params map[string]any `json:"params"`
	} `json:"detector"`
	Sensitivity    *float64 `json:"sensitivity"`
	Direction      string   `json:"direction"`
	MinConsecutive *float64 `json:"minConsecutive"`
}

// checkVigilQuery checks what the backend would reject: no PromQL, an unknown output, detector or parameter.
func checkVigilQuery(t *testing.T, where string, q vigilQuery, wantOutput string) {
	t.Helper()
	if strings.TrimSpace(q.Expr) == "" {
		t.Errorf("%s: empty expr", where)
	}
	if !slices.Contains(outputs.QueryOutputs, outputs.QueryOutput(q.Output)) {
		t.Errorf("%s: output %q", where, q.Output)
	}
	if wantOutput != "" && q.Output != wantOutput {
		t.Errorf("%s: output %q, want %q", where, q.Output, wantOutput)
	}
	if q.Detector == nil {
		t.Errorf("%s: no detector", where)
		return
	}
	common := detectors.CommonOptions{Sensitivity: q.Sensitivity, Direction: q.Direction, MinConsecutive: q.MinConsecutive}
	if _, err := detectors.Prepare(q.Detector.Type, common.Over(q.Detector.Params)); err != nil {
		t.Errorf("%s: %v", where, err)
	}
}

type panel struct {
	ID         int                   `json:"id"`
	Type       string                `json:"type"`
	Title      string                `json:"title"`
	Datasource *struct{ UID string } `json:"datasource"`
	Targets    []vigilQuery          `json:"targets"`
	Panels     []panel               `json:"panels"`
}

func TestDashboardsReferenceProvisionedDatasources(t *testing.T) {
	uids := datasources(t)
	dsID, panelID := pluginID(t, "datasource"), pluginID(t, "panel")

	// The provider's container path is provisioning/… on the host.
	var providers struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	readYAML(t, "provisioning/dashboards/dashboards.yml", &providers)
	var dashboards []string
	var c compose
	readYAML(t, "docker-compose.yaml", &c)
	env := grafanaEnv(c)
	for _, p := range providers.Providers {
		path := os.Expand(p.Options.Path, func(k string) string { return env[k] })
		rel, ok := strings.CutPrefix(path, grafanaProvisioning)
		if !ok {
			t.Fatalf("dashboard provider path %s is outside %s", p.Options.Path, grafanaProvisioning)
		}
		found, _ := filepath.Glob(filepath.Join(root, "provisioning", rel, "*.json"))
		if len(found) == 0 {
			t.Errorf("dashboard provider path %s has no dashboards", p.Options.Path)
		}
		dashboards = append(dashboards, found...)
	}

	known := func(uid string) bool { _, ok := uids[uid]; return ok || uid == "-- Grafana --" }
	seen := map[string]int{}
	for _, f := range dashboards {
		rel, _ := filepath.Rel(root, f)
		var d struct {
			UID         string  `json:"uid"`
			Panels      []panel `json:"panels"`
			Annotations struct {
				List []struct {
					Name       string
					Datasource struct{ Type, UID string }
					Target     *vigilQuery
				}
			}
			Templating struct {
				List []struct {
					Name       string
					Datasource *struct{ UID string }
				}
			}
		}
		readJSON(t, rel, &d)
		var walk func(ps []panel)
		walk = func(ps []panel) {
			for _, p := range ps {
				seen[p.Type]++
				where := rel + ": panel " + p.Title
				if p.Datasource != nil && !known(p.Datasource.UID) {
					t.Errorf("%s: data source uid %q is not provisioned", where, p.Datasource.UID)
				}
				for _, q := range p.Targets {
					if q.Datasource == nil || !known(q.Datasource.UID) {
						t.Errorf("%s query %s: data source %+v is not provisioned", where, q.RefID, q.Datasource)
						continue
					}
					if q.Datasource.Type == dsID {
						seen["vigil:"+q.Output]++
						want := ""
						if p.Type == panelID {
							want = "band" // the explanations panel derives events and their evidence from the band
						}
						checkVigilQuery(t, where+" query "+q.RefID, q, want)
					}
				}
				walk(p.Panels)
			}
		}
		walk(d.Panels)
		for _, a := range d.Annotations.List {
			if !known(a.Datasource.UID) {
				t.Errorf("%s: annotation %q uses unprovisioned data source %q", rel, a.Name, a.Datasource.UID)
			}
			if a.Datasource.Type == dsID {
				seen["vigil annotation"]++
				checkVigilQuery(t, rel+": annotation "+a.Name, *a.Target, "events")
			}
		}
		for _, v := range d.Templating.List {
			if v.Datasource != nil && !known(v.Datasource.UID) {
				t.Errorf("%s: variable %s uses unprovisioned data source %q", rel, v.Name, v.Datasource.UID)
			}
		}
	}
	// What the demo promises: bands on three metrics, an events panel, Vigil annotations.
	if seen["vigil:band"] < 3 || seen[panelID] < 1 || seen["vigil annotation"] < 1 {
		t.Errorf("demo dashboard content: %v", seen)
	}
}

func TestAlertRulesUseVigilScores(t *testing.T) {
	uids := datasources(t)
	dsID := pluginID(t, "datasource")
	files, _ := filepath.Glob(filepath.Join(root, "provisioning/alerting/*.y*ml"))
	rules := 0
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		var doc struct {
			APIVersion int `yaml:"apiVersion"`
			Groups     []struct {
				Name, Folder, Interval string
				Rules                  []struct {
					UID, Title, Condition string
					For                   string `yaml:"for"`
					Data                  []struct {
						RefID         string `yaml:"refId"`
						DatasourceUID string `yaml:"datasourceUid"`
						Model         map[string]any
					}
				}
			}
		}
		readYAML(t, rel, &doc)
		if doc.APIVersion != 1 {
			t.Errorf("%s: apiVersion %d", rel, doc.APIVersion)
		}
		for _, g := range doc.Groups {
			if g.Folder == "" || g.Interval == "" {
				t.Errorf("%s: group %q needs a folder and an interval", rel, g.Name)
			}
			for _, r := range g.Rules {
				rules++
				where := rel + ": rule " + r.Title
				refs := map[string]bool{}
				vigilScores := 0
				for _, d := range r.Data {
					refs[d.RefID] = true
					if d.DatasourceUID == "__expr__" {
						if e, _ := d.Model["expression"].(string); e != "" && !refs[e] {
							t.Errorf("%s: expression %s reads %s, which is not defined before it", where, d.RefID, e)
						}
						continue
					}
					ds, ok := uids[d.DatasourceUID]
					if !ok {
						t.Errorf("%s: data source uid %q is not provisioned", where, d.DatasourceUID)
						continue
					}
					if ds.Type == dsID {
						var q vigilQuery
						b, _ := json.Marshal(d.Model)
						if err := json.Unmarshal(b, &q); err != nil {
							t.Fatalf("%s: %v", where, err)
						}
						if strings.Contains(q.Expr, "$") {
							t.Errorf("%s: alert queries get no template variables, but expr has one: %s", where, q.Expr)
						}
						checkVigilQuery(t, where, q, "score")
						vigilScores++
					}
				}
				if !refs[r.Condition] {
					t.Errorf("%s: condition %s is not one of its queries", where, r.Condition)
				}
				if vigilScores == 0 {
					t.Errorf("%s: no Vigil score query", where)
				}
			}
		}
	}
	if rules < 3 {
		t.Errorf("%d alert rules, want one per demo metric (3)", rules)
	}
}

func TestPrometheusScrapesTheStack(t *testing.T) {
	var c compose
	readYAML(t, "docker-compose.yaml", &c)
	var cfg struct {
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			StaticConfigs []struct {
				Targets []string
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	readYAML(t, "provisioning/prometheus/prometheus.yml", &cfg)
	jobs := map[string]bool{}
	for _, sc := range cfg.ScrapeConfigs {
		jobs[sc.JobName] = true
		for _, s := range sc.StaticConfigs {
			for _, target := range s.Targets {
				host := strings.Split(target, ":")[0]
				if _, ok := c.Services[host]; !ok && host != "localhost" {
					t.Errorf("job %s scrapes %s, which is not a compose service", sc.JobName, target)
				}
			}
		}
	}
	// The dashboard and the alert rules select job="demo-service".
	if !jobs["demo-service"] {
		t.Error(`no job "demo-service"`)
	}
}

func TestPromtoolAcceptsPrometheusConfig(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (Debian package prometheus)")
	}
	out, err := exec.Command(promtool, "check", "config", filepath.Join(root, "provisioning/prometheus/prometheus.yml")).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
}

// The app has no settings: its provisioning enables it and carries no jsonData or secureJsonData (the scaffold
// once provisioned a sample apiUrl and apiKey here, and the configuration page showed them).
func TestAppProvisioningCarriesNoSettings(t *testing.T) {
	app, _ := pluginIDs(t)
	var doc struct {
		Apps []map[string]any `yaml:"apps"`
	}
	readYAML(t, "provisioning/plugins/apps.yaml", &doc)
	if len(doc.Apps) != 1 {
		t.Fatalf("apps.yaml provisions %d apps, want the Vigil app only", len(doc.Apps))
	}
	a := doc.Apps[0]
	if a["type"] != app {
		t.Errorf("apps.yaml provisions %v, want %s", a["type"], app)
	}
	for _, key := range []string{"jsonData", "secureJsonData"} {
		if _, ok := a[key]; ok {
			t.Errorf("apps.yaml sets %s, but the app reads no settings", key)
		}
	}
}

// The history path of the compose stack: the demo service writes its history into a named volume; Prometheus
// mounts the same volume and demo/prometheus-start.sh, waits for the service to be healthy (history written),
// and its entrypoint backfills that file before starting with the service's flags.
func TestComposeBackfillsTheDemoHistory(t *testing.T) {
	var c compose
	readYAML(t, "docker-compose.yaml", &c)
	demo, prom := c.Services["demo-service"], c.Services["prometheus"]
	mountOf := func(volumes []string, source string) string {
		for _, v := range volumes {
			parts := strings.Split(v, ":")
			if parts[0] == source {
				return parts[1]
			}
		}
		return ""
	}
	file := demo.Environment["DEMO_HISTORY_FILE"]
	if demo.Environment["DEMO_HISTORY"] == "" || file == "" {
		t.Fatalf("demo-service writes no history: %v", demo.Environment)
	}
	var volume string
	for name := range c.Volumes {
		if dir := mountOf(demo.Volumes, name); dir != "" && strings.HasPrefix(file, dir+"/") {
			volume = name
			if got := mountOf(prom.Volumes, name); got+strings.TrimPrefix(file, dir) != prom.Entrypoint[2] {
				t.Errorf("prometheus reads the history at %s, the demo service writes %s of volume %s mounted there at %s",
					prom.Entrypoint[2], file, name, got)
			}
		}
	}
	if volume == "" {
		t.Fatalf("DEMO_HISTORY_FILE %s is not on a named volume the demo service mounts", file)
	}
	if len(prom.Entrypoint) != 4 || prom.Entrypoint[0] != "/bin/sh" || mountOf(prom.Volumes, "./demo/prometheus-start.sh") != prom.Entrypoint[1] {
		t.Errorf("prometheus entrypoint %v does not run the mounted demo/prometheus-start.sh", prom.Entrypoint)
	}
	if prom.DependsOn["demo-service"] != "service_healthy" {
		t.Errorf("prometheus must wait for the demo service to be healthy (history written), has %q", prom.DependsOn["demo-service"])
	}
	if demo.Healthcheck == nil || strings.Join(demo.Healthcheck.Test, " ") != "CMD /demo-service -healthcheck" {
		t.Errorf("demo-service healthcheck: %+v", demo.Healthcheck)
	}
	if !slices.Contains(prom.Command, "--config.file=/etc/prometheus/prometheus.yml") {
		t.Errorf("prometheus flags %v lose the config file", prom.Command)
	}
}

// npm run server says what is missing when Docker is not usable, instead of "unknown flag: --build".
func TestServerScriptSaysWhatIsMissingWithoutDocker(t *testing.T) {
	if _, err := os.ReadFile(filepath.Join(root, "scripts/server.sh")); err != nil { // so go test's cache sees edits
		t.Fatal(err)
	}
	run := func(path string) string {
		cmd := exec.Command("bash", filepath.Join(root, "scripts/server.sh"))
		cmd.Env = append(os.Environ(), "PATH="+path)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("server.sh succeeded with PATH=%s", path)
		}
		return string(out)
	}
	// No docker at all: a PATH with bash and coreutils only.
	dir := t.TempDir()
	for _, tool := range []string{"bash", "dirname"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skip(err)
		}
		if err := os.Symlink(p, filepath.Join(dir, tool)); err != nil {
			t.Fatal(err)
		}
	}
	if out := run(dir); !strings.Contains(out, "needs Docker") || !strings.Contains(out, "npm run server:local") {
		t.Errorf("without docker: %q", out)
	}
	// A docker CLI without the Compose plugin, as on the machines this project is developed on.
	if _, err := exec.LookPath("docker"); err == nil && exec.Command("docker", "compose", "version").Run() != nil {
		if out := run(os.Getenv("PATH")); !strings.Contains(out, "Docker Compose v2 plugin") {
			t.Errorf("docker without compose: %q", out)
		}
	}
}
