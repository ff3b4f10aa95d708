package detectors

// ErrorCode is a stable error code shared with the TypeScript twin and the vector files; never rename one.
type ErrorCode string

const (
	// InvalidParam: a parameter has the wrong type, is out of range, or is unknown to the detector.
	InvalidParam ErrorCode = "invalid_param"
	// InvalidInput: timestamps and values differ in length, or timestamps are not strictly ascending.
	InvalidInput ErrorCode = "invalid_input"
	// NonFiniteInput: a value or timestamp is ±Inf (NaN means "missing" and is allowed).
	NonFiniteInput ErrorCode = "non_finite_input"
	// TooFewPoints: a function that cannot answer without enough points (e.g. season detection).
	TooFewPoints ErrorCode = "too_few_points"
	// TooFewSeries: a cross-series detector got fewer series than it needs.
	TooFewSeries ErrorCode = "too_few_series"
	// UnknownDetector: no detector with this id.
	UnknownDetector ErrorCode = "unknown_detector"
	// CannotForecast: forecasting asked of a detector that has no forecasting model.
	CannotForecast ErrorCode = "cannot_forecast"
)

// ErrorCodes lists every code, in the order of the TypeScript ERROR_CODES.
var ErrorCodes = []ErrorCode{InvalidParam, InvalidInput, NonFiniteInput, TooFewPoints, TooFewSeries, UnknownDetector,
	CannotForecast}

// Error is the typed error every detector returns; Message tells the user what to change.
type Error struct {
	Code    ErrorCode
	Message string
}

func (e *Error) Error() string { return e.Message }

func newError(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: sprintf(format, args...)}
}
