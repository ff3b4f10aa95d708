package models

import (
	"fmt"
	"time"

	"github.com/prometheus/common/model"
)

// ParseDuration reads a Prometheus-style duration ("7d", "1h30m", "90s", "0"), the form users already write in
// PromQL range selectors.
func ParseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := model.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like 7d, 12h, 90m or 30s", s)
	}
	return time.Duration(d), nil
}

// FormatDuration writes a duration the way ParseDuration reads it ("1m", "7d", "1h30m").
func FormatDuration(d time.Duration) string {
	return model.Duration(d).String()
}
