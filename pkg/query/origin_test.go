package query

import (
	"strings"
	"testing"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/models"
	"github.com/vigil-anomaly/vigil/pkg/outputs"
)

// The output a query without one gets, and the outputs each origin refuses with a message naming the fix.
func TestOutputByOrigin(t *testing.T) {
	settings := &models.Settings{TrainingWindow: time.Hour}
	for origin, want := range map[Origin]outputs.QueryOutput{
		OriginPanel: outputs.OutputBand, OriginExpression: outputs.OutputScore, OriginAlerting: outputs.OutputScore,
	} {
		q, err := ParseFrom([]byte(`{"expr":"up"}`), settings, origin)
		if err != nil || q.Output != want {
			t.Errorf("%s: output %v, want %s (%v)", origin, q, want, err)
		}
	}
	refused := map[Origin][]string{
		OriginExpression: {"band", "forecast"},
		OriginAlerting:   {"band", "events", "forecast", "crossings"},
	}
	for origin, outs := range refused {
		for _, out := range outs {
			_, err := ParseFrom([]byte(`{"expr":"up","output":"`+out+`"}`), settings, origin)
			if err == nil || !strings.Contains(err.Error(), "choose output score") || !strings.Contains(err.Error(), origin.String()) {
				t.Errorf("%s with output %s: want an error naming score, got %v", origin, out, err)
			}
		}
	}
	if _, err := ParseFrom([]byte(`{"expr":"up","output":"events"}`), settings, OriginExpression); err != nil {
		t.Errorf("expressions may read events as a table (SQL): %v", err)
	}
	// Time to threshold is one number per series and crossing: what a "disk full within 24 h" rule reads.
	for _, origin := range []Origin{OriginExpression, OriginAlerting} {
		if _, err := ParseFrom([]byte(`{"expr":"up","output":"threshold","horizon":"1d","threshold":{"value":0}}`), settings, origin); err != nil {
			t.Errorf("%s: output threshold must be accepted: %v", origin, err)
		}
	}
}

// The time zone of seasons: detector.params first, then the query's (Grafana's "utc" read as UTC), then the data
// source's default; detectors without a timezone parameter get none.
func TestTimeZonePrecedence(t *testing.T) {
	paris := &models.Settings{TrainingWindow: time.Hour, TimeZone: "Europe/Paris"}
	cases := []struct {
		js, want string
	}{
		{`{"expr":"up"}`, "Europe/Paris"},
		{`{"expr":"up","timezone":"America/New_York"}`, "America/New_York"},
		{`{"expr":"up","timezone":"utc"}`, "UTC"},
		{`{"expr":"up","timezone":"UTC","detector":{"type":"seasonal","params":{"timezone":"Asia/Tokyo"}}}`, "Asia/Tokyo"},
		{`{"expr":"up","timezone":"Europe/Paris","detector":{"type":"mad"}}`, ""},
	}
	for _, c := range cases {
		q, err := ParseFrom([]byte(c.js), paris, OriginPanel)
		if err != nil || q.TimeZone != c.want {
			t.Errorf("%s: time zone %q, want %q (%v)", c.js, q.TimeZone, c.want, err)
		}
	}
	if _, err := ParseFrom([]byte(`{"expr":"up","timezone":"browser"}`), paris, OriginPanel); err == nil ||
		!strings.Contains(err.Error(), "query time zone") {
		t.Errorf("browser is the frontend's to resolve: %v", err)
	}
}
