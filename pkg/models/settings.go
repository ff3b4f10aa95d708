// Package models loads and validates the data source settings (jsonData + secureJsonData) as the frontend's
// config editor writes them; see "Data source settings" in docs/query-model.md.
package models

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Defaults for settings the user left empty.
const (
	DefaultTimeoutSeconds = 30
	DefaultTrainingWindow = "7d"
	DefaultMaxSeries      = 500
	DefaultMaxPoints      = 11000
	// DefaultMaxTotalPoints bounds one query's memory: all its series × points per series, history included
	// (about 170 bytes of backend heap per point, BENCHMARKS.md "Speed: the data source backend").
	DefaultMaxTotalPoints = 2_000_000
	// DefaultScrapeInterval is the scrape interval assumed when the setting is empty: Prometheus' own default
	// and the one Grafana's Prometheus data source assumes (pkg/promlib in grafana/grafana: 15s).
	DefaultScrapeInterval = 15 * time.Second
	// DefaultTimeZone is the time zone of daily and weekly seasons for queries that name none (alert rules,
	// recording rules) when the data source sets none.
	DefaultTimeZone = "UTC"

	AuthNone    = "none"
	AuthBasic   = "basic"
	AuthBearer  = "bearer"
	AuthHeaders = "headers"
)

const (
	maxCustomHeaders    = 100 // httpHeaderName1 … httpHeaderName100 are read
	secureBasicPassword = "basicAuthPassword"
	secureBearerToken   = "bearerToken"
	secureTLSCACert     = "tlsCACert"
	headerNamePrefix    = "httpHeaderName"
	headerValuePrefix   = "httpHeaderValue"
)

// Settings are the validated settings of one data source instance. Secret values live only here, in memory;
// String() never prints them.
type Settings struct {
	PrometheusURL  string
	AuthType       string
	BasicAuthUser  string
	TLSSkipVerify  bool
	TLSWithCACert  bool
	Timeout        time.Duration
	TrainingWindow time.Duration
	MaxSeries      int
	MaxPoints      int
	MaxTotalPoints int // all series of one query together, history included
	// ScrapeInterval is how often Prometheus scrapes the metrics (jsonData.timeInterval, as Grafana's Prometheus
	// data source names it): the finest detection step auto picks, and the scrape interval of $__rate_interval.
	ScrapeInterval time.Duration
	// TimeZone is the IANA time zone of daily and weekly seasons for queries that name none.
	TimeZone string
	Secrets  Secrets
}

// Secrets come from secureJsonData (decrypted by Grafana, never sent to the browser).
type Secrets struct {
	BasicAuthPassword string
	BearerToken       string
	TLSCACert         string
	// Headers are the custom headers (name → value) for authType "headers".
	Headers map[string]string
}

// String describes the settings without any secret, for logs.
func (s Settings) String() string {
	return fmt.Sprintf("prometheusUrl=%s authType=%s timeout=%s trainingWindow=%s maxSeries=%d maxPoints=%d "+
		"maxTotalPoints=%d scrapeInterval=%s timezone=%s", s.PrometheusURL, s.AuthType, s.Timeout, s.TrainingWindow,
		s.MaxSeries, s.MaxPoints, s.MaxTotalPoints, s.ScrapeInterval, s.TimeZone)
}

type jsonData struct {
	PrometheusURL         string     `json:"prometheusUrl"`
	AuthType              string     `json:"authType"`
	BasicAuthUser         string     `json:"basicAuthUser"`
	TLSSkipVerify         bool       `json:"tlsSkipVerify"`
	TLSWithCACert         bool       `json:"tlsWithCACert"`
	TimeoutSeconds        flexNumber `json:"timeoutSeconds"`
	DefaultTrainingWindow string     `json:"defaultTrainingWindow"`
	MaxSeries             flexNumber `json:"maxSeries"`
	MaxPoints             flexNumber `json:"maxPoints"`
	MaxTotalPoints        flexNumber `json:"maxTotalPoints"`
	TimeInterval          string     `json:"timeInterval"`
	DefaultTimezone       string     `json:"defaultTimezone"`
}

// Load reads and validates the settings. Errors say which setting to change.
func Load(src backend.DataSourceInstanceSettings) (*Settings, error) {
	var jd jsonData
	if len(src.JSONData) > 0 {
		if err := json.Unmarshal(src.JSONData, &jd); err != nil {
			return nil, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	var all map[string]any // for the numbered header names
	_ = json.Unmarshal(src.JSONData, &all)
	secure := src.DecryptedSecureJSONData

	s := &Settings{
		PrometheusURL: strings.TrimRight(strings.TrimSpace(jd.PrometheusURL), "/"),
		AuthType:      jd.AuthType,
		BasicAuthUser: jd.BasicAuthUser,
		TLSSkipVerify: jd.TLSSkipVerify,
		TLSWithCACert: jd.TLSWithCACert,
		Secrets: Secrets{
			BasicAuthPassword: secure[secureBasicPassword],
			BearerToken:       secure[secureBearerToken],
			TLSCACert:         secure[secureTLSCACert],
		},
	}
	if s.AuthType == "" {
		s.AuthType = AuthNone
	}
	if err := checkURL(s.PrometheusURL); err != nil {
		return nil, err
	}
	var err error
	timeout, err := number(jd.TimeoutSeconds, "timeoutSeconds", DefaultTimeoutSeconds, 0.001, 3600)
	if err != nil {
		return nil, err
	}
	s.Timeout = time.Duration(timeout * float64(time.Second))
	window := jd.DefaultTrainingWindow
	if window == "" {
		window = DefaultTrainingWindow
	}
	if s.TrainingWindow, err = ParseDuration(window); err != nil {
		return nil, fmt.Errorf("default training window: %w", err)
	}
	maxSeries, err := number(jd.MaxSeries, "maxSeries", DefaultMaxSeries, 1, 1_000_000)
	if err != nil {
		return nil, err
	}
	maxPoints, err := number(jd.MaxPoints, "maxPoints", DefaultMaxPoints, 10, 10_000_000)
	if err != nil {
		return nil, err
	}
	maxTotalPoints, err := number(jd.MaxTotalPoints, "maxTotalPoints", DefaultMaxTotalPoints, 1000, 1_000_000_000)
	if err != nil {
		return nil, err
	}
	s.MaxSeries, s.MaxPoints, s.MaxTotalPoints = int(maxSeries), int(maxPoints), int(maxTotalPoints)
	if s.ScrapeInterval, err = scrapeInterval(jd.TimeInterval); err != nil {
		return nil, err
	}
	s.TimeZone = DefaultTimeZone
	if strings.TrimSpace(jd.DefaultTimezone) != "" {
		if s.TimeZone, err = CheckTimeZone(jd.DefaultTimezone); err != nil {
			return nil, fmt.Errorf("default time zone: %w", err)
		}
	}
	if err := s.checkAuth(all, secure); err != nil {
		return nil, err
	}
	if s.TLSWithCACert && strings.TrimSpace(s.Secrets.TLSCACert) == "" {
		return nil, fmt.Errorf("TLS: \"With CA cert\" is on but no CA certificate is saved; paste the PEM certificate or turn the option off")
	}
	return s, nil
}

// scrapeInterval reads the scrape interval setting: empty = DefaultScrapeInterval; otherwise a duration from 1s to
// 1h written as Prometheus writes durations (15s, 1m).
func scrapeInterval(raw string) (time.Duration, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultScrapeInterval, nil
	}
	d, err := ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("scrape interval: %w", err)
	}
	if d < time.Second || d > time.Hour {
		return 0, fmt.Errorf("scrape interval %s must be between 1s and 1h (how often Prometheus scrapes the metrics, e.g. 15s)", raw)
	}
	return d, nil
}

func checkURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("the Prometheus URL is empty; enter the address of your Prometheus, e.g. http://localhost:9090")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the Prometheus URL %q is not a valid http(s) URL; enter e.g. http://localhost:9090", raw)
	}
	if u.User != nil {
		return fmt.Errorf("the Prometheus URL contains a user name or password; remove it and use basic auth instead, so the password is stored encrypted")
	}
	return nil
}

func (s *Settings) checkAuth(all map[string]any, secure map[string]string) error {
	switch s.AuthType {
	case AuthNone:
	case AuthBasic:
		if s.BasicAuthUser == "" {
			return fmt.Errorf("basic auth: the user is empty; enter the user or choose another authentication")
		}
		if s.Secrets.BasicAuthPassword == "" {
			return fmt.Errorf("basic auth: no password is saved; enter the password or choose another authentication")
		}
	case AuthBearer:
		if s.Secrets.BearerToken == "" {
			return fmt.Errorf("bearer token auth: no token is saved; enter the token or choose another authentication")
		}
	case AuthHeaders:
		s.Secrets.Headers = map[string]string{}
		for i := 1; i <= maxCustomHeaders; i++ {
			name, _ := all[headerNamePrefix+strconv.Itoa(i)].(string)
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			s.Secrets.Headers[name] = secure[headerValuePrefix+strconv.Itoa(i)]
		}
		if len(s.Secrets.Headers) == 0 {
			return fmt.Errorf("custom headers auth: no header is set; add a header name and value or choose another authentication")
		}
	default:
		return fmt.Errorf("unknown authentication type %q; choose none, basic, bearer or headers", s.AuthType)
	}
	return nil
}

// flexNumber is a setting number as editors save it: a JSON number, a numeric string, "" or null (= default).
type flexNumber string

func (f *flexNumber) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*f = flexNumber(strings.TrimSpace(s))
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	*f = flexNumber(b)
	return nil
}

// number reads an optional setting number within [lo, hi].
func number(n flexNumber, name string, def, lo, hi float64) (float64, error) {
	if n == "" {
		return def, nil
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || !(x >= lo && x <= hi) { // written so NaN ("NaN" parses) is refused too
		return 0, fmt.Errorf("setting %s must be a number between %s and %s, got %q", name,
			strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64), string(n))
	}
	return x, nil
}
