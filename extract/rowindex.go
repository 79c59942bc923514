package extract

import "math/bits"

// rowIndex maps a feature hash to its row of weights in a model (the
// tagger's or the relation model's). Looking features up is most of the
// tagger's time, and most look-ups find a row (about 80% of a news
// article's features), so the table is laid out for that: open addressing
// with linear probing over a power-of-two array at most half full, each
// slot holding a hash and its row side by side. A look-up usually reads one
// cache line; a Go map reads its control word, then a slot elsewhere in
// the group, through a directory of tables.
//
// A rowIndex is read-only once built and safe for concurrent use.
type rowIndex struct {
	slots []rowSlot
	shift uint // 64 - log2(len(slots)): a hash's home slot is its top bits, mixed
}

type rowSlot struct {
	hash uint64
	row  int32 // the row plus one; 0 marks an empty slot
}

// newRowIndex indexes hashes: hashes[i] has row i.
func newRowIndex(hashes []uint64) rowIndex {
	size := 8
	for size < 2*len(hashes) {
		size *= 2
	}
	x := rowIndex{slots: make([]rowSlot, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	mask := uint64(size - 1)
	for r, h := range hashes {
		i := x.home(h)
		for x.slots[i].row != 0 && x.slots[i].hash != h {
			i = (i + 1) & mask
		}
		x.slots[i] = rowSlot{hash: h, row: int32(r + 1)}
	}
	return x
}

// home is the slot a hash's search starts at. The hashes are FNV-1a, whose
// low bits mix poorly, so it multiplies them (Fibonacci hashing) and takes
// the top bits.
func (x *rowIndex) home(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> x.shift }

// row returns the row of hash h, and false when the model has none.
func (x *rowIndex) row(h uint64) (int, bool) {
	mask := uint64(len(x.slots) - 1)
	for i := x.home(h); ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.hash == h && s.row != 0 {
			return int(s.row - 1), true
		}
		if s.row == 0 {
			return 0, false
		}
	}
}
