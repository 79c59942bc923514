package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// The model file is gzip over: a magic line, the entity types, the
// quantisation step, the transition weights, then for each feature in hash
// order its hash (as the difference from the previous one), a bit mask of
// the labels with a non-zero weight and those weights as multiples of the
// step. Gzip is written with no name or time, so equal models give equal
// bytes.

// A stacked model (one with a base tagger) starts with modelMagicStacked
// and a varint naming its base: 1, the embedded tagger.
const (
	modelMagic        = "newsgraph-ner 1\n"
	modelMagicStacked = "newsgraph-ner 2\n"
)

//go:embed model/ner.model
var embeddedModel []byte

// DefaultTagger returns the tagger embedded in the binary (trained on
// CoNLL-2003; see docs/QUALITY.md for the command that rebuilds it).
var DefaultTagger = lazy.Value("tagger", func() *Tagger {
	t, err := loadTagger(bytes.NewReader(embeddedModel), nil)
	if err != nil {
		panic("extract: embedded model: " + err.Error()) // part of the build
	}
	return t
})

// WriteTo writes the model file.
func (t *Tagger) WriteTo(w io.Writer) (int64, error) {
	return writeModel(w, func(mw *modelWriter) {
		if t.base != nil {
			mw.WriteString(modelMagicStacked)
			mw.uv(1)
		} else {
			mw.WriteString(modelMagic)
		}
		mw.uv(uint64(len(t.types)))
		for _, s := range t.types {
			mw.str(s)
		}
		mw.f32(t.scale)
		for _, v := range t.trans {
			mw.f32(v)
		}
		mw.rows(t.hashes, t.weights, t.nLabels(), t.scale)
	})
}

// modelWriter writes the parts of a model file.
type modelWriter struct {
	*bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (w *modelWriter) uv(v uint64) { w.Write(w.buf[:binary.PutUvarint(w.buf[:], v)]) }

func (w *modelWriter) str(s string) {
	w.uv(uint64(len(s)))
	w.WriteString(s)
}

func (w *modelWriter) f32(v float32) { binary.Write(w, binary.LittleEndian, math.Float32bits(v)) }

// writeModel writes a model file: gzip with no name or time, so equal
// models give equal bytes, over what body writes.
func writeModel(w io.Writer, body func(*modelWriter)) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	mw := &modelWriter{Writer: bufio.NewWriter(zw)}
	body(mw)
	if err := mw.Flush(); err != nil {
		return cw.n, err
	}
	err = zw.Close()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// LoadTagger reads a model file written by WriteTo.
func LoadTagger(r io.Reader) (*Tagger, error) { return loadTagger(r, DefaultTagger) }

// loadTagger reads a model file; base returns the embedded tagger a stacked
// model needs (nil while loading the embedded one itself).
func loadTagger(r io.Reader, base func() *Tagger) (*Tagger, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a newsgraph model: %w", err)
	}
	br := bufio.NewReader(zr)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic && string(magic) != modelMagicStacked {
		return nil, errors.New("not a newsgraph model (bad header)")
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("corrupt model: %s: %v", what, err)
	}
	t := &Tagger{}
	if string(magic) == modelMagicStacked {
		if b, err := binary.ReadUvarint(br); err != nil || b != 1 || base == nil {
			return nil, bad("base tagger", err)
		}
		t.base = base()
	}
	nt, err := binary.ReadUvarint(br)
	if err != nil || nt == 0 || nt > 30 {
		return nil, bad("type count", err)
	}
	for range nt {
		n, err := binary.ReadUvarint(br)
		if err != nil || n > 64 {
			return nil, bad("type name", err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, bad("type name", err)
		}
		t.types = append(t.types, string(b))
	}
	nL := t.nLabels()
	f32 := func() (float32, error) {
		var u uint32
		err := binary.Read(br, binary.LittleEndian, &u)
		return math.Float32frombits(u), err
	}
	if t.scale, err = f32(); err != nil || !(t.scale > 0) {
		return nil, bad("scale", err)
	}
	t.trans = make([]float32, (nL+1)*nL)
	for i := range t.trans {
		if t.trans[i], err = f32(); err != nil {
			return nil, bad("transitions", err)
		}
	}
	if t.hashes, t.weights, err = readRows(br, nL, t.scale); err != nil {
		return nil, err
	}
	t.index = newRowIndex(t.hashes)
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("corrupt model: data after the last feature")
	}
	return t, nil
}

// rows writes weight rows: their count, then for each row in hash order
// its hash (as the difference from the previous one), a bit mask of the
// labels with a non-zero weight and those weights as multiples of scale.
func (w *modelWriter) rows(hashes []uint64, weights []float32, nL int, scale float32) {
	w.uv(uint64(len(hashes)))
	prev := uint64(0)
	for i, h := range hashes {
		w.uv(h - prev)
		prev = h
		row := weights[i*nL : (i+1)*nL]
		var mask uint64
		for l, v := range row {
			if quantize(v, scale) != 0 {
				mask |= 1 << l
			}
		}
		w.uv(mask)
		for _, v := range row {
			if q := quantize(v, scale); q != 0 {
				w.Write(w.buf[:binary.PutVarint(w.buf[:], int64(q))])
			}
		}
	}
}

// readRows reads what rows wrote.
func readRows(br *bufio.Reader, nL int, scale float32) ([]uint64, []float32, error) {
	bad := func(what string, err error) error {
		return fmt.Errorf("corrupt model: %s: %v", what, err)
	}
	nf, err := binary.ReadUvarint(br)
	if err != nil || nf > 1<<26 {
		return nil, nil, bad("feature count", err)
	}
	// The count is the file's word: grow as rows arrive rather than
	// allocate what a corrupt count asks for.
	hint := min(int(nf), 1<<16)
	hashes := make([]uint64, 0, hint)
	weights := make([]float32, 0, hint*nL)
	prev := uint64(0)
	for i := range int(nf) {
		d, err := binary.ReadUvarint(br)
		if err != nil || (i > 0 && d == 0) {
			return nil, nil, bad("feature hash", err)
		}
		h := prev + d
		prev = h
		mask, err := binary.ReadUvarint(br)
		if err != nil || mask >= 1<<nL {
			return nil, nil, bad("label mask", err)
		}
		for l := range nL {
			v := float32(0)
			if mask&(1<<l) != 0 {
				q, err := binary.ReadVarint(br)
				if err != nil || q < -32767 || q > 32767 {
					return nil, nil, bad("weight", err)
				}
				v = float32(q) * scale
			}
			weights = append(weights, v)
		}
		hashes = append(hashes, h)
	}
	return hashes, weights, nil
}
