package models

import (
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Native fuzz targets for what the data source's config editor saves (jsonData, secureJsonData) and the
// durations users type. Run longer with `go test ./pkg/models -run '^$' -fuzz '^FuzzLoad$' -fuzztime 60s`, or
// every target with `npm run fuzz`.

// FuzzLoad: any jsonData and secrets give either settings or an error with a message, never both and never
// neither. Accepted settings are within their documented ranges (timeout in (0, 1h], max series in [1, 1e6], max
// points in [10, 1e7], max points per query in [1e3, 1e9], a known auth type with its credentials present, an http(s) URL with a host and no user
// info, a training window ≥ 0), and no secret value appears in String() or in an error message.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"prometheusUrl":"http://prom:9090/","authType":"headers","httpHeaderName1":"X-Org","timeoutSeconds":"12"}`),
		"password-1", "token-22", "header-333")
	f.Add([]byte(`{"prometheusUrl":"https://p:9090","authType":"basic","basicAuthUser":"u","maxSeries":500,"maxPoints":null}`),
		"password-1", "", "")
	f.Add([]byte(`{"prometheusUrl":"http://u:p@prom:9090"}`), "", "", "")
	f.Add([]byte(`{"prometheusUrl":"http://p:9090","maxSeries":"many","defaultTrainingWindow":"1w"}`), "", "", "")
	f.Add([]byte(`{"prometheusUrl":"http://p:9090","tlsWithCACert":true,"authType":"bearer"}`), "", "token-22", "")
	f.Add([]byte(`{"prometheusUrl":"http://p:9090","timeoutSeconds":"NaN","maxSeries":"NaN"}`), "", "", "")
	f.Add([]byte(`{"prometheusUrl":"http://p:9090","maxTotalPoints":"999","maxPoints":"1e7"}`), "", "", "")
	f.Add([]byte(`not json`), "", "", "")
	f.Fuzz(func(t *testing.T, jsonData []byte, password, token, header string) {
		secure := map[string]string{secureBasicPassword: password, secureBearerToken: token,
			headerValuePrefix + "1": header, secureTLSCACert: header}
		s, err := Load(backend.DataSourceInstanceSettings{JSONData: jsonData, DecryptedSecureJSONData: secure})
		// A secret is checked for when it is long enough not to occur in the surrounding text by chance.
		var secrets []string
		for _, v := range []string{password, token, header} {
			if len(v) >= 8 && !strings.Contains(string(jsonData), v) {
				secrets = append(secrets, v)
			}
		}
		if err != nil {
			if s != nil {
				t.Fatalf("settings came with the error %v", err)
			}
			if err.Error() == "" {
				t.Fatalf("an error without a message")
			}
			for _, v := range secrets {
				if strings.Contains(err.Error(), v) {
					t.Fatalf("the error message contains a secret: %v", err)
				}
			}
			return
		}
		switch {
		case s == nil:
			t.Fatalf("no settings and no error")
		case !(s.Timeout > 0 && s.Timeout <= time.Hour):
			t.Fatalf("timeout %s", s.Timeout)
		case s.MaxSeries < 1 || s.MaxSeries > 1_000_000:
			t.Fatalf("max series %d", s.MaxSeries)
		case s.MaxPoints < 10 || s.MaxPoints > 10_000_000:
			t.Fatalf("max points %d", s.MaxPoints)
		case s.MaxTotalPoints < 1000 || s.MaxTotalPoints > 1_000_000_000:
			t.Fatalf("max points per query %d", s.MaxTotalPoints)
		case s.TrainingWindow < 0:
			t.Fatalf("training window %s", s.TrainingWindow)
		case s.TLSWithCACert && strings.TrimSpace(s.Secrets.TLSCACert) == "":
			t.Fatalf("CA certificate on without one")
		}
		if err := checkURL(s.PrometheusURL); err != nil || strings.HasSuffix(s.PrometheusURL, "/") {
			t.Fatalf("accepted URL %q: %v", s.PrometheusURL, err)
		}
		switch s.AuthType {
		case AuthNone:
		case AuthBasic:
			if s.BasicAuthUser == "" || s.Secrets.BasicAuthPassword == "" {
				t.Fatalf("basic auth without user or password")
			}
		case AuthBearer:
			if s.Secrets.BearerToken == "" {
				t.Fatalf("bearer auth without a token")
			}
		case AuthHeaders:
			if len(s.Secrets.Headers) == 0 {
				t.Fatalf("header auth without headers")
			}
		default:
			t.Fatalf("accepted auth type %q", s.AuthType)
		}
		for _, v := range secrets {
			if strings.Contains(s.String(), v) {
				t.Fatalf("String() contains a secret: %s", s.String())
			}
		}
	})
}

// FuzzParseDuration: a duration is either refused with a message or is ≥ 0 and survives FormatDuration and a
// second parse unchanged (the editors write back what they read).
func FuzzParseDuration(f *testing.F) {
	for _, seed := range []string{"7d", "1h30m", "90s", "0", "0s", "", "-1d", "1y", "292y", "1.5h", "10000000000000000000ms"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseDuration(text)
		if err != nil {
			if d != 0 || err.Error() == "" {
				t.Fatalf("%q: %s with error %v", text, d, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("%q parses to the negative %s", text, d)
		}
		again, err := ParseDuration(FormatDuration(d))
		if err != nil || again != d {
			t.Fatalf("%q parses to %s, written %q, which parses to %s (%v)", text, d, FormatDuration(d), again, err)
		}
	})
}
