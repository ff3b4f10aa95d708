package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/vigil-anomaly/vigil/pkg/detectors"
	"github.com/vigil-anomaly/vigil/pkg/prom"
)

// errorResponse turns an error into this query's response: Prometheus-side failures are downstream errors,
// detector and query errors are the user's to fix in the query editor.
func errorResponse(err error) backend.DataResponse {
	var pe *prom.Error
	var busy *busyError
	var points *pointsError
	switch {
	case errors.As(err, &busy): // limits.go: out of time waiting for a detector slot
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourcePlugin, busy.Error())
	case errors.As(err, &points):
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, points.Error())
	case errors.As(err, &pe): // already explained
	case errors.Is(err, context.Canceled):
		err = &prom.Error{Kind: prom.KindCanceled, Message: "the query was cancelled", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		err = &prom.Error{Kind: prom.KindTimeout, Message: "the query ran out of time; make it cheaper (shorter range " +
			"or training window, coarser step, fewer series)", Err: err}
	}
	if errors.As(err, &pe) {
		return backend.ErrDataResponseWithSource(promStatus(pe.Kind), backend.ErrorSourceDownstream, pe.Message)
	}
	var de *detectors.Error
	if errors.As(err, &de) {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream,
			fmt.Sprintf("detector error (%s): %s", de.Code, de.Message))
	}
	return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
}

func promStatus(k prom.Kind) backend.Status {
	switch k {
	case prom.KindBadQuery, prom.KindTooLarge:
		return backend.StatusBadRequest
	case prom.KindUnauthorized:
		return backend.StatusUnauthorized
	case prom.KindForbidden:
		return backend.StatusForbidden
	case prom.KindNotFound:
		return backend.StatusNotFound
	case prom.KindTimeout:
		return backend.StatusTimeout
	case prom.KindCanceled:
		return backend.Status(499) // client closed request
	default:
		return backend.StatusBadGateway
	}
}
