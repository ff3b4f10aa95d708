package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// detect runs the query's detector: a multivariate detector scores the whole result set as one group; a
// univariate one runs per series, spread over all cores. Every run takes a detector slot (limits.go), so the
// process never runs more detectors at once than it has slots. The detector libraries take no context, so
// cancellation is checked here, before every run: a cancelled query starts no further series, and detect returns
// once the runs already started (one per worker at most) end. It also returns the longest wait for a slot.
func detect(ctx context.Context, q *query.Parsed, series []detectors.Series) ([]detectors.Result, time.Duration, error) {
	if len(series) == 0 {
		return nil, 0, nil
	}
	det := q.Detector
	if det.Detector.Multivariate {
		waited, err := detectorSlots.acquire(ctx)
		if err != nil {
			return nil, waited, err
		}
		defer detectorSlots.release()
		results, err := det.Run(series)
		return results, waited, err
	}
	results := make([]detectors.Result, len(series))
	errs := make([]error, len(series))
	waits := make([]time.Duration, len(series))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(series)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				waits[i], errs[i] = detectorSlots.acquire(ctx)
				if errs[i] != nil {
					continue
				}
				results[i], errs[i] = detectOne(det, series[i])
				detectorSlots.release()
			}
		}()
	}
	for i := range series {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	waited := time.Duration(0)
	for _, w := range waits {
		waited = max(waited, w)
	}
	var busy *busyError
	for _, err := range errs {
		if errors.As(err, &busy) {
			return nil, waited, busy
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, waited, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, waited, err
		}
	}
	return results, waited, nil
}

// detectOne runs a univariate detector on one series; a panic inside becomes an error (a goroutine's panic
// could not be recovered by the query's own recover).
func detectOne(det *detectors.Prepared, s detectors.Series) (r detectors.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error in detector %s: %v; please report it", det.Detector.ID, p)
		}
	}()
	return det.RunOne(s)
}
