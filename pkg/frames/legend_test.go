package frames

import "testing"

func TestLegend(t *testing.T) {
	labels := map[string]string{"__name__": "http_requests_total", "job": "api", "instance": "a:9100"}
	cases := map[string]string{
		"":                          `http_requests_total{instance="a:9100", job="api"}`,
		"{{instance}}":              "a:9100",
		"{{ job }} on {{instance}}": "api on a:9100",
		"{{missing}}-x":             "-x",
		"unclosed {{job":            "unclosed {{job",
	}
	for format, want := range cases {
		if got := Legend(format, labels, "expr"); got != want {
			t.Errorf("Legend(%q) = %q, want %q", format, got, want)
		}
	}
	if got := Legend("", map[string]string{}, "sum(rate(x[5m]))"); got != "sum(rate(x[5m]))" {
		t.Errorf("a series without labels is named by its expression, got %q", got)
	}
}
