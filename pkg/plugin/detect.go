package plugin

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/query"
)

// detect runs the query's detector: a multivariate detector scores the whole result set as one group; a
// univariate one runs per series, spread over all cores. Cancellation stops the remaining series.
func detect(ctx context.Context, q *query.Parsed, series []detectors.Series) ([]detectors.Result, error) {
	if len(series) == 0 {
		return nil, nil
	}
	det := q.Detector
	if det.Detector.Multivariate {
		return det.Run(series)
	}
	results := make([]detectors.Result, len(series))
	errs := make([]error, len(series))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(series)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = detectOne(det, series[i])
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
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
