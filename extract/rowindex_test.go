package extract

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRowIndex checks that every hash of a model is found at its row and
// that hashes it lacks are not found, for models of 0 to 100,000 features
// (the bit set in front answers most of the latter alone).
func TestRowIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 7, 100, 4096, 100000} {
		set := map[uint64]bool{}
		for len(set) < n {
			set[rng.Uint64()] = true
		}
		hashes := make([]uint64, 0, n)
		for h := range set {
			hashes = append(hashes, h)
		}
		slices.Sort(hashes)
		x := newRowIndex(hashes)
		for i, h := range hashes {
			if r, ok := x.row(h); !ok || r != i {
				t.Fatalf("n=%d: hash %d at row %d, found %d %v", n, h, i, r, ok)
			}
		}
		absent, passed := 0, 0
		for absent < 10000 {
			h := rng.Uint64()
			if set[h] {
				continue
			}
			absent++
			if _, ok := x.row(h); ok {
				t.Fatalf("n=%d: absent hash %d found", n, h)
			}
			if m := h & x.mask; x.maybe[m/64]&(1<<(m%64)) != 0 {
				passed++
			}
		}
		// About one absent hash in eight gets past the bit set.
		if passed > absent/5 {
			t.Errorf("n=%d: %d of %d absent hashes got past the bit set", n, passed, absent)
		}
	}
}
