package lazy

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

func TestValueBuildsOnceOnFirstUse(t *testing.T) {
	var builds atomic.Int32
	v := Value("test-table", func() map[string]int {
		builds.Add(1)
		return map[string]int{"a": 1}
	})
	if slices.Contains(Loaded(), "test-table") {
		t.Fatal("built before first use")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if v()["a"] != 1 {
				t.Error("wrong value")
			}
		})
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}
	if !slices.Contains(Loaded(), "test-table") {
		t.Errorf("Loaded() = %v, lacks test-table", Loaded())
	}
}

func TestValuePanicsOnEveryCall(t *testing.T) {
	v := Value("bad-table", func() int { panic("bad-table: line 3") })
	for range 2 {
		func() {
			defer func() {
				if r := recover(); r != "bad-table: line 3" {
					t.Errorf("recovered %v, want the build's panic", r)
				}
			}()
			v()
		}()
	}
}

func TestRegexpCompilesOnFirstUse(t *testing.T) {
	re := Regexp("test-pattern", `^a+b$`)
	if slices.Contains(Loaded(), "regexp test-pattern") {
		t.Fatal("compiled before first use")
	}
	if !re().MatchString("aab") || re().MatchString("ba") {
		t.Error("wrong pattern")
	}
	if !slices.Contains(Loaded(), "regexp test-pattern") {
		t.Errorf("Loaded() = %q, want it to name the pattern", Loaded())
	}
}
