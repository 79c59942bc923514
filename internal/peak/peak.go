// Package peak measures the most heap memory a piece of work takes, for
// the benchmarks of pathological inputs (docs/RELIABILITY.md) in extract
// and extract/input.
package peak

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// Heap runs f and returns the most heap memory that objects took while
// it ran above what they took before, sampled every millisecond.
func Heap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// Bench runs op b.N times and reports, besides ns/op and B/op, the
// peak heap over the runs in MB ("peak-MB").
func Bench(b *testing.B, size int, op func()) {
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		peak = max(peak, Heap(op))
	}
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
}
