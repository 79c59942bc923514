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
	"sort"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// The relation model file is gzip over: a magic line, the labels each with
// the argument classes it joins, the quantisation step, the Platt
// parameters, then the weight rows as in the tagger's file.

const relModelMagic = "newsgraph-rel 1\n"

//go:embed model/relations.model
var embeddedRelModel []byte

// DefaultRelationModel returns the relation model embedded in the binary
// (trained on CoNLL04; docs/QUALITY.md has the command that rebuilds it).
var DefaultRelationModel = lazy.Value("relation-model", func() *RelationModel {
	m, err := LoadRelationModel(bytes.NewReader(embeddedRelModel))
	if err != nil {
		panic("extract: embedded relation model: " + err.Error()) // part of the build
	}
	return m
})

// WriteTo writes the model file.
func (m *RelationModel) WriteTo(w io.Writer) (int64, error) {
	return writeModel(w, func(mw *modelWriter) {
		mw.WriteString(relModelMagic)
		mw.uv(uint64(len(m.labels)))
		for l, name := range m.labels {
			mw.str(name)
			var sigs []string
			for s := range m.sigs[l] {
				sigs = append(sigs, s)
			}
			sort.Strings(sigs)
			mw.uv(uint64(len(sigs)))
			for _, s := range sigs {
				mw.str(s)
			}
		}
		mw.f32(m.scale)
		mw.f32(m.platt[0])
		mw.f32(m.platt[1])
		mw.rows(m.hashes, m.w, len(m.labels), m.scale)
	})
}

// LoadRelationModel reads a model file written by WriteTo.
func LoadRelationModel(r io.Reader) (*RelationModel, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a newsgraph relation model: %w", err)
	}
	br := bufio.NewReader(zr)
	magic := make([]byte, len(relModelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != relModelMagic {
		return nil, errors.New("not a newsgraph relation model (bad header)")
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("corrupt relation model: %s: %v", what, err)
	}
	str := func() (string, error) {
		n, err := binary.ReadUvarint(br)
		if err != nil || n > 64 {
			return "", errors.Join(err, errors.New("name too long"))
		}
		b := make([]byte, n)
		_, err = io.ReadFull(br, b)
		return string(b), err
	}
	nl, err := binary.ReadUvarint(br)
	if err != nil || nl < 2 || nl > 30 {
		return nil, bad("label count", err)
	}
	m := &RelationModel{}
	for range nl {
		name, err := str()
		if err != nil {
			return nil, bad("label", err)
		}
		ns, err := binary.ReadUvarint(br)
		if err != nil || ns > 64 {
			return nil, bad("argument classes", err)
		}
		sigs := map[string]bool{}
		for range ns {
			s, err := str()
			if err != nil {
				return nil, bad("argument classes", err)
			}
			sigs[s] = true
		}
		m.labels, m.sigs = append(m.labels, name), append(m.sigs, sigs)
	}
	if m.labels[0] != "" {
		return nil, errors.New("corrupt relation model: the first label must be none")
	}
	f32 := func() float32 {
		var u uint32
		if e := binary.Read(br, binary.LittleEndian, &u); e != nil && err == nil {
			err = e
		}
		return math.Float32frombits(u)
	}
	m.scale, m.platt[0], m.platt[1] = f32(), f32(), f32()
	if err != nil || !(m.scale > 0) {
		return nil, bad("parameters", err)
	}
	if m.hashes, m.w, err = readRows(br, len(m.labels), m.scale); err != nil {
		return nil, err
	}
	m.indexed()
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("corrupt relation model: data after the last feature")
	}
	return m, nil
}
