package graph

import (
	"errors"
	"testing"
)

// adjacencyOf serves a generated graph's adjacency the way the database
// does, counting what is read.
func adjacencyOf(g *Graph, reads *int) Adjacency {
	return func(ids []int64) (map[int64][]int64, error) {
		out := map[int64][]int64{}
		for _, id := range ids {
			*reads++
			x, ok := g.index[id]
			if !ok {
				continue
			}
			for _, y := range g.und.row(x) {
				out[id] = append(out[id], g.nodes[y].ID)
			}
		}
		return out, nil
	}
}

// The search through an adjacency finds paths as long as the in-memory
// graph's, and the same k shortest alternatives, reading a fraction of
// the graph.
func TestSearchMatchesInMemory(t *testing.T) {
	ents, facts := Generate(3000, 2, 7)
	g := New(ents, facts)
	reads := 0
	s := NewSearch(adjacencyOf(g, &reads))
	for _, pair := range [][2]int64{{5, 2900}, {1200, 2999}, {17, 18}, {2500, 2500}, {300, 1}} {
		want, werr := g.Path(pair[0], pair[1], 0)
		got, gerr := s.Path(pair[0], pair[1], 0)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%v: errors %v and %v", pair, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if len(got)-1 != len(want) {
			t.Errorf("%v: %d hops, in memory %d", pair, len(got)-1, len(want))
		}
		if got[0] != pair[0] || got[len(got)-1] != pair[1] {
			t.Errorf("%v: path %v does not join the two", pair, got)
		}
		for i := 1; i < len(got); i++ {
			if len(g.factsBetween(g.index[got[i-1]], g.index[got[i]])) == 0 {
				t.Errorf("%v: %d and %d are not linked", pair, got[i-1], got[i])
			}
		}
		if pair[0] == pair[1] {
			continue
		}
		wantK, err := g.KPaths(pair[0], pair[1], 4, 0)
		if err != nil {
			t.Fatal(err)
		}
		gotK, err := s.KPaths(pair[0], pair[1], 4, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range gotK {
			if i < len(wantK) && len(gotK[i])-1 != len(wantK[i]) {
				t.Errorf("%v: alternative %d has %d hops, in memory %d", pair, i+1, len(gotK[i])-1, len(wantK[i]))
			}
		}
		if len(wantK) > 0 && len(gotK) == 0 {
			t.Errorf("%v: no alternatives", pair)
		}
	}
	if reads >= 5*len(ents) {
		t.Errorf("read %d adjacency lists for 5 searches of a %d-entity graph", reads, len(ents))
	}
	if _, err := s.Path(5, 2900, 1); !errors.Is(err, ErrNoPath) {
		t.Errorf("max hops 1: %v", err)
	}
}
