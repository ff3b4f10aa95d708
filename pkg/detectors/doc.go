// Package detectors is Vigil's anomaly detector library: pure Go (no Grafana, HTTP or plugin imports), the twin
// of src/detectors (TypeScript). Both implement the detection contract in docs/detection-contract.md and are held to the same
// numbers by the vector files in testdata/detectors.
//
// Every detector is causal (the output at index i depends only on points 0..i), outputs NaN with Anomaly=false
// during warm-up and at missing (NaN) points, rejects ±Inf and invalid parameters with a typed *Error, and never
// mutates its input.
package detectors
