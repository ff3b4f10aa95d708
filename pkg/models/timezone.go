package models

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the tz database inside the binary: time zones work on hosts without /usr/share/zoneinfo
)

// CheckTimeZone checks a time zone name for daily and weekly seasons and returns it as the detectors take it: an
// IANA name as the tz database spells it (Europe/Paris, America/New_York, UTC). Grafana writes UTC as "utc" in
// dashboards, so any case of "utc" is UTC. "browser", "Local" and "" are refused: the server cannot know the
// browser's zone, and the server's own zone would silently differ between hosts.
func CheckTimeZone(name string) (string, error) {
	name = strings.TrimSpace(name)
	if strings.EqualFold(name, "utc") {
		return "UTC", nil
	}
	if name == "" || name == "Local" || strings.EqualFold(name, "browser") {
		return "", fmt.Errorf("time zone %q is not an IANA time zone name; write one such as UTC, Europe/Paris or "+
			"America/New_York", name)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return "", fmt.Errorf("unknown time zone %q; write an IANA time zone name such as UTC, Europe/Paris or "+
			"America/New_York (case-sensitive)", name)
	}
	return name, nil
}
