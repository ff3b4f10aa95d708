package query

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// Every variable Grafana's Prometheus data source fills in on the server, in both spellings, with the values of
// its definitions (pkg/promlib/models/query.go in grafana/grafana); other variables stay as they are.
func TestInterpolate(t *testing.T) {
	v := Variables{Step: 15 * time.Second, Range: time.Hour + 400*time.Millisecond, Scrape: 15 * time.Second}
	cases := map[string]string{
		`rate(x[$__rate_interval])`:                                `rate(x[1m])`,
		`rate(x[${__rate_interval}])`:                              `rate(x[1m])`,
		`sum_over_time(x[$__interval]) / $__interval_ms`:           `sum_over_time(x[15s]) / 15000`,
		`increase(x[$__range]) / $__range_s`:                       `increase(x[3600s]) / 3600`,
		`x * $__range_ms + ${__interval_ms} + $__rate_interval_ms`: `x * 3600400 + 15000 + 60000`,
		`x{job="$job"}`: `x{job="$job"}`,
	}
	for in, want := range cases {
		got, notice := Interpolate(in, v)
		if got != want {
			t.Errorf("%s: got %s, want %s", in, got, want)
		}
		if (notice == "") != (in == `x{job="$job"}`) {
			t.Errorf("%s: notice %q", in, notice)
		}
	}
	// $__rate_interval = max(step + scrape, 4 × scrape): a coarse step wins over four scrapes.
	got, notice := Interpolate(`rate(x[$__rate_interval])`, Variables{Step: 5 * time.Minute, Range: time.Hour, Scrape: 15 * time.Second})
	if got != `rate(x[5m15s])` || !strings.Contains(notice, "$__rate_interval = 5m15s (max(step 5m + scrape interval 15s, 4 × scrape interval))") {
		t.Errorf("coarse step: %s, %q", got, notice)
	}
	_, notice = Interpolate(`rate(x[$__interval]) + rate(y[$__interval])`, v)
	if strings.Count(notice, "$__interval =") != 1 || !strings.Contains(notice, "(the detection step)") {
		t.Errorf("each variable is named once with its source: %q", notice)
	}
}

// The table shared with the TypeScript port (src/cli/variables.ts, tested by src/cli/variables.test.ts): both
// replace every case identically, notice included. Expected values come from this implementation (-update) and are
// reviewed in the diff.
func TestVariablesTable(t *testing.T) {
	const file = "../../testdata/variables.json"
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Source string `json:"source"`
		Cases  []struct {
			Name     string `json:"name"`
			Expr     string `json:"expr"`
			StepMs   int64  `json:"stepMs"`
			RangeMs  int64  `json:"rangeMs"`
			ScrapeMs int64  `json:"scrapeMs"`
			Expected string `json:"expected"`
			Notice   string `json:"notice"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	for i, c := range table.Cases {
		got, notice := Interpolate(c.Expr, Variables{Step: time.Duration(c.StepMs) * time.Millisecond,
			Range: time.Duration(c.RangeMs) * time.Millisecond, Scrape: time.Duration(c.ScrapeMs) * time.Millisecond})
		if *updatePlanTable {
			table.Cases[i].Expected, table.Cases[i].Notice = got, notice
			continue
		}
		if got != c.Expected || notice != c.Notice {
			t.Errorf("%s:\n got  %s | %s\n want %s | %s", c.Name, got, notice, c.Expected, c.Notice)
		}
	}
	if *updatePlanTable {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(table); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
