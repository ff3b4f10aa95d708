package plugin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/vigil-anomaly/vigil/pkg/models"
	"golang.org/x/sync/semaphore"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Limits that protect the backend process from what its queries ask for (docs/query-model.md, "Limits"):
//
//   - detector slots: at most N detector runs (one series, or one group for a multivariate detector) at once in
//     the whole process, across queries, data sources and users; N is GOMAXPROCS (the cores Go uses) unless
//     GF_PLUGIN_MAX_CONCURRENT_DETECTIONS sets it, which Grafana sets from max_concurrent_detections in the
//     [plugin.vigil-anomaly-datasource] section of grafana.ini. More runs would not finish sooner (detection is
//     CPU-bound) but would each hold their results in memory at the same time. A query waits for a slot until
//     its context ends; a long wait gets a notice, a wait that outlives the query's deadline an error.
//   - points per query: the analysed series × points per series (history included) must stay within the data
//     source's "max points per query" (maxTotalPoints); the backend holds about 170 bytes per point while a
//     query runs (BENCHMARKS.md), so this bounds one query's memory.
//   - response size: Prometheus's answer is read up to responseBytesPerPoint bytes per point of that limit
//     (at least minResponseBytes), so a huge answer is refused before it is buffered whole.
const (
	concurrencyEnv = "GF_PLUGIN_MAX_CONCURRENT_DETECTIONS"
	// responseBytesPerPoint: a sample in query_range JSON takes about 30 bytes ([1717200000,"103.2873482"],);
	// twice that leaves room for long values, labels and series that are cut by "max series".
	responseBytesPerPoint = 64
	minResponseBytes      = 16 << 20
	// slowWait is how long a query may wait for detector slots before its response says so.
	slowWait = time.Second
)

// detectorSlots is the process-wide detector semaphore. Tests replace it to provoke waits.
var detectorSlots = newSlots(slotCount(os.Getenv(concurrencyEnv), runtime.GOMAXPROCS(0)))

// slots is a weighted semaphore of detector runs; each run takes weight 1.
type slots struct {
	sem  *semaphore.Weighted
	size int
}

func newSlots(n int) *slots { return &slots{sem: semaphore.NewWeighted(int64(n)), size: n} }

// slotCount is the configured number of slots: env if it is a positive integer, else cores (a bad value is
// logged and ignored, so a typo in grafana.ini never stops the backend).
func slotCount(env string, cores int) int {
	env = strings.TrimSpace(env)
	if env == "" {
		return max(cores, 1)
	}
	n, err := strconv.Atoi(env)
	if err != nil || n < 1 {
		log.DefaultLogger.Warn("Vigil: ignoring "+concurrencyEnv+"; it must be a positive integer", "value", env, "using", max(cores, 1))
		return max(cores, 1)
	}
	return n
}

// acquire takes one slot, waiting as long as ctx allows; it returns how long it waited. When ctx's deadline
// passes while waiting, the error is a *busyError that says so; a cancellation returns ctx.Err().
func (s *slots) acquire(ctx context.Context) (time.Duration, error) {
	if s.sem.TryAcquire(1) {
		return 0, nil
	}
	began := time.Now()
	err := s.sem.Acquire(ctx, 1)
	waited := time.Since(began)
	if errors.Is(err, context.DeadlineExceeded) {
		return waited, &busyError{waited: waited, slots: s.size, err: err}
	}
	return waited, err
}

func (s *slots) release() { s.sem.Release(1) }

// busyError: the query ran out of time waiting for a detector slot.
type busyError struct {
	waited time.Duration
	slots  int
	err    error
}

func (e *busyError) Error() string {
	return fmt.Sprintf("the query ran out of time after waiting %s for detector capacity: all %d detector slots of "+
		"this Grafana server's Vigil backend were busy with other queries. Run fewer or less frequent queries over "+
		"many series at the same time, or raise max_concurrent_detections in the [plugin.vigil-anomaly-datasource] "+
		"section of grafana.ini (default: one per CPU core)", e.waited.Round(time.Millisecond), e.slots)
}

func (e *busyError) Unwrap() error { return e.err }

// waitNotice is the notice for a query that waited long for detector slots, or "".
func waitNotice(waited time.Duration) string {
	if waited < slowWait {
		return ""
	}
	return fmt.Sprintf("This query waited %s for detector capacity: at most %d detector runs go at once in this "+
		"Grafana server's Vigil backend (max_concurrent_detections in the [plugin.vigil-anomaly-datasource] section "+
		"of grafana.ini; default one per CPU core), and other queries were using them.",
		waited.Round(100*time.Millisecond), detectorSlots.size)
}

// pointsError: the query's series × points exceed the data source's points-per-query limit.
type pointsError struct {
	series, perSeries, limit int
}

func (e *pointsError) Error() string {
	return fmt.Sprintf("the query would analyse %s points (%d series × %d points per series, history included), more "+
		"than this data source's limit of %s points per query; narrow the query with label matchers or an "+
		"aggregation (e.g. sum by), shorten the range or the training window, use a coarser step, or raise \"max "+
		"points per query\" in the data source settings", thousands(e.series*e.perSeries), e.series, e.perSeries,
		thousands(e.limit))
}

// checkTotalPoints refuses a query whose analysed series × points per series exceed limit.
func checkTotalPoints(series, perSeries, limit int) error {
	if series > 0 && perSeries > limit/series {
		return &pointsError{series: series, perSeries: perSeries, limit: limit}
	}
	return nil
}

// responseLimit is the largest Prometheus answer read for one query under these settings, and the reason the
// error message gives for it.
func responseLimit(s *models.Settings) (int64, string) {
	n := max(int64(s.MaxTotalPoints)*responseBytesPerPoint, minResponseBytes)
	return n, fmt.Sprintf("%d bytes per point of \"max points per query\", %s", responseBytesPerPoint, thousands(s.MaxTotalPoints))
}

// thousands writes n with comma separators (2000000 → 2,000,000).
func thousands(n int) string { return englishNumbers.Sprint(n) }

var englishNumbers = message.NewPrinter(language.English)
