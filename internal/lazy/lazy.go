// Package lazy builds package-level tables on first use rather than at
// start-up, and records which were built, so that a test can check that a
// command loads only what it needs.
package lazy

import (
	"regexp"
	"slices"
	"sync"
)

var (
	mu     sync.Mutex
	loaded []string
)

// Value returns a function that builds its value with f on the first call
// and returns that value on every call; concurrent first calls wait for
// one build. The first call records name for Loaded.
//
// If f panics, the first call's panic is f's own, never recovered, so a
// bad embedded table fails as it did when it was built at start-up (unlike
// sync.OnceValue, whose re-panic the runtime marks "[recovered,
// repanicked]"). Later calls run f again, which panics the same way when f
// is deterministic, as building an embedded table is.
func Value[T any](name string, f func() T) func() T {
	var (
		once  sync.Once
		value T
		built bool
	)
	return func() T {
		once.Do(func() {
			mu.Lock()
			loaded = append(loaded, name)
			mu.Unlock()
			value = f()
			built = true
		})
		if !built {
			f()
			panic("lazy: building " + name + " panicked before")
		}
		return value
	}
}

// Regexp compiles expr on first use, so that start-up compiles no
// pattern for commands that read no articles. A bad expr panics then, with
// regexp.MustCompile's message. Loaded names it "regexp " + name.
func Regexp(name, expr string) func() *regexp.Regexp {
	return Value("regexp "+name, func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// Loaded returns the names of the values built so far in this process, in
// the order their builds started.
func Loaded() []string {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(loaded)
}
