package main

import (
	"os"
	"reflect"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The schedule the demo stack runs with must parse: a typo there would only show as a crash-looping container.
func TestComposeScheduleParses(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	env := c.Services["demo-service"].Environment
	if env == nil {
		t.Fatal("docker-compose.yaml has no demo-service environment")
	}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]bool{}
	for _, a := range cfg.Schedule {
		kinds[a.Kind] = true
	}
	if !kinds[TrafficSpike] || !kinds[LatencyRegression] || !kinds[ErrorBurst] {
		t.Errorf("the demo schedule should inject every kind of anomaly: %+v", cfg.Schedule)
	}
}

// The no-Docker path (scripts/server-local.sh) runs the service with its defaults: they must be the demo
// stack's settings in docker-compose.yaml, or the two demos would differ.
func TestDefaultsAreTheComposeSettings(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	env := c.Services["demo-service"].Environment
	compose, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if compose.Cycle != defaults.Cycle || !reflect.DeepEqual(compose.Schedule, defaults.Schedule) {
		t.Errorf("compose runs cycle %s schedule %+v; the defaults are %s %+v",
			compose.Cycle, compose.Schedule, defaults.Cycle, defaults.Schedule)
	}
	if compose.History.Interval != defaults.History.Interval || compose.History.Labels["instance"] != defaults.History.Labels["instance"] {
		t.Errorf("compose history %+v, defaults %+v", compose.History, defaults.History)
	}
}

// The history's target labels are the ones Prometheus gives the live target, so history and live samples are
// one series (counters continue instead of resetting).
func TestHistoryLabelsAreTheScrapeTargetsLabels(t *testing.T) {
	b, err := os.ReadFile("../../provisioning/prometheus/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Global struct {
			ScrapeInterval string `yaml:"scrape_interval"`
		} `yaml:"global"`
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	defaults, _ := ConfigFromEnv(func(string) string { return "" })
	found := false
	for _, sc := range cfg.ScrapeConfigs {
		if sc.JobName == defaults.History.Labels["job"] {
			found = len(sc.StaticConfigs) == 1 && reflect.DeepEqual(sc.StaticConfigs[0].Targets, []string{defaults.History.Labels["instance"]})
		}
	}
	if !found {
		t.Errorf("prometheus.yml has no job %q with the single target %q", defaults.History.Labels["job"], defaults.History.Labels["instance"])
	}
	if interval, _ := time.ParseDuration(cfg.Global.ScrapeInterval); interval != defaults.History.Interval {
		t.Errorf("history every %s, Prometheus scrapes every %s", defaults.History.Interval, cfg.Global.ScrapeInterval)
	}
}
