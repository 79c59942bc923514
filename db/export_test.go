package db

import (
	"context"
	"sync"
	"testing"
)

// IndexInBatch makes the writer's entity index (entityindex.go) be read by
// the first batch, in its transaction, rather than beside the first
// batches, until the test ends.
func IndexInBatch(t testing.TB) {
	indexInBatch = true
	t.Cleanup(func() { indexInBatch = false })
}

// WaitIndex waits until the entity index being read beside the batches is
// read, and reports whether the database has an index or one read and
// waiting for the next batch.
func WaitIndex(s *DB) bool {
	if l := s.loading; l != nil {
		<-l.done
		return l.err == nil
	}
	return s.index != nil
}

// HasIndex reports whether the writer resolves with an index.
func HasIndex(s *DB) bool { return s.index != nil }

// HoldIndex holds the entity index read beside the batches from being put
// to use until release is called (at the latest when the test ends).
func HoldIndex(t testing.TB) (release func()) {
	ch := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	indexRead = func(ctx context.Context) {
		select {
		case <-ch:
		case <-ctx.Done(): // Close, before the test released it
		}
	}
	t.Cleanup(func() { release(); indexRead = func(context.Context) {} })
	return release
}
