package main

import (
	"os"
	"testing"

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
