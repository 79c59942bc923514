package extract

// rowIndex finds a feature hash's row of weights in a model (the tagger's
// or the relation model's), whose rows are in the order of their sorted
// hashes. Looking features up is most of the tagger's time, and on varied
// text it waits on memory: a Go map, or a hash table of its own, is several
// megabytes of slots beside the weights. rowIndex keeps nothing but the
// sorted hashes the model has anyway and, for each value of a hash's top
// bits, where the hashes with that value begin: about 1.4 hashes share a
// value, side by side. The two arrays (500 KB for the tagger) stay in the
// processor's cache, so a look-up reads memory only for the weights of a
// feature the model has.
//
// A rowIndex is read-only once built and safe for concurrent use.
//
// Most look-ups are of features the model does not have (a pair of words
// never seen together), so a bit set of about eight bits a hash (64 KB
// for the tagger), which stays in the processor's nearest caches, answers
// most of those before the two arrays are read: a clear bit means no such
// hash, a set bit means perhaps.
type rowIndex struct {
	hashes []uint64 // sorted; hashes[i] has row i
	start  []uint32 // start[b]: the first hash whose top bits are b or more
	shift  uint     // 64 - the number of top bits
	maybe  []uint64 // bit h&mask is set for each hash h
	mask   uint64
}

// newRowIndex indexes hashes, which must be sorted: hashes[i] has row i.
func newRowIndex(hashes []uint64) rowIndex {
	k := 1
	for 1<<k < len(hashes)/2 {
		k++
	}
	x := rowIndex{hashes: hashes, start: make([]uint32, 1<<k+1), shift: uint(64 - k)}
	bits := 64
	for bits < 8*len(hashes) {
		bits *= 2
	}
	x.maybe, x.mask = make([]uint64, bits/64), uint64(bits-1)
	for _, h := range hashes {
		b := h & x.mask
		x.maybe[b/64] |= 1 << (b % 64)
	}
	i := 0
	for b := range x.start {
		for i < len(hashes) && hashes[i]>>x.shift < uint64(b) {
			i++
		}
		x.start[b] = uint32(i)
	}
	return x
}

// row returns the row of hash h, and false when the model has none.
func (x *rowIndex) row(h uint64) (int, bool) {
	if m := h & x.mask; x.maybe[m/64]&(1<<(m%64)) == 0 {
		return 0, false
	}
	b := h >> x.shift
	for i := x.start[b]; i < x.start[b+1]; i++ {
		if x.hashes[i] == h {
			return int(i), true
		}
	}
	return 0, false
}
