package detectors

import (
	"time"
	_ "time/tzdata" // the tz database inside the binary: time zones work on hosts without /usr/share/zoneinfo
)

const dayMs = 86_400_000

// timezoneParam is the `timezone` parameter of the detectors whose seasons follow the clock.
func timezoneParam() ParamSpec {
	return ParamSpec{Name: "timezone", Label: paramLabels["timezone"], Type: "string", Default: "UTC",
		Description: "IANA time zone whose wall clock the daily and weekly phases follow, across daylight saving " +
			"changes (e.g. Europe/Paris)."}
}

// checkTimeZone checks a time zone name: an IANA name as the tz database spells it. "Local" and "" are refused
// (the server's and the browser's local zones differ). Twin of checkTimeZone in src/detectors/timezone.ts.
func checkTimeZone(detectorID, name string) error {
	if name != "" && name != "Local" {
		if _, err := time.LoadLocation(name); err == nil {
			return nil
		}
	}
	return newError(InvalidParam, "%s: parameter %q must be an IANA time zone name such as UTC, Europe/Paris or "+
		"America/New_York (case-sensitive), got %q", detectorID, "timezone", name)
}

// zoneClock gives wall-clock time in a time zone: local(t) = t + offset(t), ms since 1970-01-01 00:00 on the
// zone's clock, from Go's tz database (embedded), cached per UTC day as in src/detectors/timezone.ts.
type zoneClock struct {
	loc                       *time.Location // nil = UTC
	dayStart                  int64
	loaded                    bool
	offsetBefore, offsetAfter int64
	change                    int64
}

// newZoneClock returns the clock of a zone that checkTimeZone accepted.
func newZoneClock(name string) *zoneClock {
	if name == "UTC" || name == "Etc/UTC" {
		return &zoneClock{}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return &zoneClock{} // unreachable after validation
	}
	return &zoneClock{loc: loc}
}

// local returns t (Unix ms) on the zone's wall clock.
func (z *zoneClock) local(t int64) int64 {
	if z.loc == nil {
		return t
	}
	day := t / dayMs * dayMs
	if t < 0 && t%dayMs != 0 {
		day -= dayMs
	}
	if !z.loaded || day != z.dayStart {
		z.load(day)
	}
	if t < z.change {
		return t + z.offsetBefore
	}
	return t + z.offsetAfter
}

func (z *zoneClock) load(day int64) {
	z.dayStart, z.loaded = day, true
	end := day + dayMs - 1
	z.offsetBefore, z.offsetAfter = z.offset(day), z.offset(end)
	if z.offsetBefore == z.offsetAfter {
		z.change = day
		return
	}
	lo, hi := day, end
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if z.offset(mid) == z.offsetBefore {
			lo = mid
		} else {
			hi = mid
		}
	}
	z.change = hi
}

// offset is the zone's offset from UTC at t, in ms.
func (z *zoneClock) offset(t int64) int64 {
	_, seconds := time.UnixMilli(t).In(z.loc).Zone()
	return int64(seconds) * 1000
}
