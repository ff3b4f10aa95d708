package models

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestLoadDefaultsAndSecrets(t *testing.T) {
	s, err := Load(backend.DataSourceInstanceSettings{
		JSONData:                []byte(`{"prometheusUrl":"http://prom:9090/","authType":"headers","httpHeaderName1":"X-Org","httpHeaderName2":" ","timeoutSeconds":"12"}`),
		DecryptedSecureJSONData: map[string]string{"httpHeaderValue1": "secret-org", "bearerToken": "secret-token"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.PrometheusURL != "http://prom:9090" || s.Timeout != 12*time.Second || s.TrainingWindow != 7*24*time.Hour ||
		s.MaxSeries != DefaultMaxSeries || s.MaxPoints != DefaultMaxPoints || s.MaxTotalPoints != DefaultMaxTotalPoints {
		t.Errorf("defaults: %+v", s)
	}
	if len(s.Secrets.Headers) != 1 || s.Secrets.Headers["X-Org"] != "secret-org" {
		t.Errorf("headers: %v", s.Secrets.Headers)
	}
	if strings.Contains(s.String(), "secret") {
		t.Errorf("String() leaks a secret: %s", s.String())
	}
}

func TestLoadRejectsCredentialsInTheURL(t *testing.T) {
	_, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://u:p@prom:9090"}`)})
	if err == nil || !strings.Contains(err.Error(), "use basic auth instead") {
		t.Errorf("got %v", err)
	}
}

func TestLoadAcceptsNumbersAsEditorsSaveThem(t *testing.T) {
	for _, v := range []string{`""`, `null`, `" 500 "`, `500`} {
		s, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://p:9090","maxSeries":` + v + `}`)})
		if err != nil || s.MaxSeries != 500 {
			t.Errorf("maxSeries %s: %v %v", v, err, s)
		}
	}
	_, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://p:9090","maxSeries":"many"}`)})
	if err == nil || !strings.Contains(err.Error(), "maxSeries must be a number") {
		t.Errorf("want a maxSeries error, got %v", err)
	}
}

func TestLoadMaxTotalPoints(t *testing.T) {
	s, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://p:9090","maxTotalPoints":"250000"}`)})
	if err != nil || s.MaxTotalPoints != 250_000 {
		t.Errorf("maxTotalPoints 250000: %v %v", err, s)
	}
	_, err = Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://p:9090","maxTotalPoints":10}`)})
	if err == nil || !strings.Contains(err.Error(), "maxTotalPoints must be a number between 1000 and 1000000000, got") {
		t.Errorf("want a maxTotalPoints range error, got %v", err)
	}
}

// The scrape interval (jsonData.timeInterval, as Grafana's Prometheus data source names it) and the default time
// zone: defaults when empty, values as written, and an error naming the setting otherwise.
func TestLoadScrapeIntervalAndTimeZone(t *testing.T) {
	load := func(jd string) (*Settings, error) {
		return Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"prometheusUrl":"http://p:9090"` + jd + `}`)})
	}
	s, err := load("")
	if err != nil || s.ScrapeInterval != 15*time.Second || s.TimeZone != "UTC" {
		t.Fatalf("defaults: %v %+v", err, s)
	}
	s, err = load(`,"timeInterval":"1m","defaultTimezone":"Europe/Paris"`)
	if err != nil || s.ScrapeInterval != time.Minute || s.TimeZone != "Europe/Paris" {
		t.Fatalf("set: %v %+v", err, s)
	}
	if s, err = load(`,"defaultTimezone":"utc"`); err != nil || s.TimeZone != "UTC" {
		t.Errorf("Grafana's utc must read as UTC: %v %+v", err, s)
	}
	for jd, words := range map[string]string{
		`,"timeInterval":"often"`:             "scrape interval",
		`,"timeInterval":"500ms"`:             "between 1s and 1h",
		`,"defaultTimezone":"Mars/Base"`:      `unknown time zone "Mars/Base"`,
		`,"defaultTimezone":"browser"`:        "not an IANA time zone name",
		`,"defaultTimezone":"Europe/Nowhere"`: "case-sensitive",
	} {
		if _, err := load(jd); err == nil || !strings.Contains(err.Error(), words) {
			t.Errorf("%s: want an error saying %q, got %v", jd, words, err)
		}
	}
}
