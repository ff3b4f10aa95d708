// Package heappeak measures the peak live heap of a piece of work, for the backend bench (bench/backend) and the
// memory-bound tests (pkg/plugin): it is not part of the shipped plugin.
package heappeak

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Bytes reads the live heap objects now (runtime/metrics "/memory/classes/heap/objects:bytes"), in bytes.
func Bytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Above runs fn after a GC and returns the peak live heap during it above the heap before it, in bytes (0 when the
// heap never rose). The heap is sampled every millisecond and once more when fn returns, so a peak shorter than a
// millisecond between samples can be missed.
func Above(fn func()) uint64 {
	runtime.GC()
	base := Bytes()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if h := Bytes(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	fn()
	if h := Bytes(); h > peak.Load() {
		peak.Store(h)
	}
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}
