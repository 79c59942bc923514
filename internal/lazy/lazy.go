// Package lazy builds package-level tables on first use rather than at
// start-up, and records which were built, so that a test can check that a
// command loads only what it needs.
package lazy

import (
	"slices"
	"sync"
)

var (
	mu     sync.Mutex
	loaded []string
)

// Value returns a function that builds its value with f on the first call
// and returns that value on every call; concurrent first calls wait for
// one build (sync.OnceValue). The first call records name for Loaded. If
// f panics, every call panics with the same value.
func Value[T any](name string, f func() T) func() T {
	return sync.OnceValue(func() T {
		mu.Lock()
		loaded = append(loaded, name)
		mu.Unlock()
		return f()
	})
}

// Loaded returns the names of the values built so far in this process, in
// the order their builds started.
func Loaded() []string {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(loaded)
}
