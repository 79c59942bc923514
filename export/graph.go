// Package export writes the knowledge graph as GraphML, GEXF, DOT and JSON
// (D3 and Cytoscape.js) to an io.Writer. The writers read a Source while
// they write: nodes first, then facts, one at a time, so that a graph read
// from a database row by row is written without being held in memory. A
// Graph held in memory is a Source too (Graph.Source).
package export

import (
	"cmp"
	"io"
	"math"
	"slices"

	"github.com/newsgraph/newsgraph"
)

// Node is an entity as the writers write it, with its graph measures when
// it has them (nil otherwise).
type Node struct {
	newsgraph.Entity
	Metrics *newsgraph.Metrics
}

// Timeline is what GEXF writes before its lists: how many nodes and facts
// follow, and when each node enters the story (its earliest relation's
// date, when all its relations are dated; absent otherwise).
type Timeline struct {
	Nodes, Facts int
	Start        map[int64]string
}

// Source is a graph the writers read while they write. Every fact's two
// entities are among the nodes.
type Source interface {
	// MaxPageRank is the largest PageRank of the measures (0 without
	// any): nodes are sized against it.
	MaxPageRank() (float64, error)
	// Timeline is asked for by GEXF alone, before the lists.
	Timeline() (Timeline, error)
	// Nodes calls yield with every node once, in id order with byID,
	// else in the order the source keeps them (a database's is id order
	// too), and stops at the first error. A node's Metrics may be reused
	// for the next: yield reads it and keeps nothing.
	Nodes(byID bool, yield func(Node) error) error
	// Facts calls yield with every fact once: in the source's order (id
	// order from a database), or with byPair by subject, then object,
	// then id (DOT's order: gonum's encoder wrote edges so). It stops
	// at the first error. yield reads the fact, changes nothing and keeps
	// nothing: a source may hand over the same Fact refilled.
	Facts(byPair bool, yield func(*newsgraph.Fact) error) error
}

// Formats are the writers by format name.
var Formats = map[string]func(io.Writer, Source) error{
	"graphml": WriteGraphML, "gexf": WriteGEXF, "dot": WriteDOT, "json": WriteJSON, "cytoscape": WriteCytoscape,
}

// Graph is a graph held in memory: entities, their graph measures (may be
// nil or partial) and the facts between them. A fact end missing from
// Entities is written as a node named after the fact.
type Graph struct {
	Entities []newsgraph.Entity
	Metrics  map[int64]newsgraph.Metrics
	Facts    []newsgraph.Fact
}

// Source returns the graph as the writers read it: nodes in the order of
// Entities (then the fact ends missing from them), facts in the order of
// Facts.
func (g Graph) Source() Source { return memory{g} }

// memory is a Graph as a Source.
type memory struct{ g Graph }

func (m memory) MaxPageRank() (float64, error) { return m.g.maxPageRank(), nil }

func (m memory) Timeline() (Timeline, error) {
	start := map[int64]string{} // a node's earliest relation date
	undated := map[int64]bool{} // a node with an undated relation is there from the start
	for i := range m.g.Facts {
		f := &m.g.Facts[i]
		first := firstDate(f)
		for _, id := range []int64{f.SubjectID, f.ObjectID} {
			switch {
			case first == "":
				undated[id] = true
			case start[id] == "" || first < start[id]:
				start[id] = first
			}
		}
	}
	for id := range undated {
		delete(start, id)
	}
	return Timeline{Nodes: len(m.g.nodes()), Facts: len(m.g.Facts), Start: start}, nil
}

func (m memory) Nodes(byID bool, yield func(Node) error) error {
	nodes := m.g.nodes()
	if byID {
		nodes = slices.Clone(nodes)
		slices.SortStableFunc(nodes, func(a, b newsgraph.Entity) int { return cmp.Compare(a.ID, b.ID) })
	}
	var x newsgraph.Metrics // one for every node: nothing allocated per node
	for _, e := range nodes {
		n := Node{Entity: e}
		if mx, ok := m.g.Metrics[e.ID]; ok {
			x = mx
			n.Metrics = &x
		}
		if err := yield(n); err != nil {
			return err
		}
	}
	return nil
}

func (m memory) Facts(byPair bool, yield func(*newsgraph.Fact) error) error {
	fs := m.g.Facts
	if !byPair {
		for i := range fs {
			if err := yield(&fs[i]); err != nil {
				return err
			}
		}
		return nil
	}
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(fs[a].SubjectID, fs[b].SubjectID), cmp.Compare(fs[a].ObjectID, fs[b].ObjectID), cmp.Compare(fs[a].ID, fs[b].ID))
	})
	for _, i := range order {
		if err := yield(&fs[i]); err != nil {
			return err
		}
	}
	return nil
}

// nodes returns the entities plus any fact end missing from them, so that
// every edge has both nodes.
func (g Graph) nodes() []newsgraph.Entity {
	seen := make(map[int64]bool, len(g.Entities))
	out := g.Entities
	for _, e := range g.Entities {
		seen[e.ID] = true
	}
	for _, f := range g.Facts {
		for _, e := range []newsgraph.Entity{{ID: f.SubjectID, Name: f.Subject, Type: f.SubjectType}, {ID: f.ObjectID, Name: f.Object, Type: f.ObjectType}} {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func (g Graph) maxPageRank() float64 {
	m := 0.0
	for _, x := range g.Metrics {
		m = math.Max(m, x.PageRank)
	}
	return m
}

// GraphML writes g as WriteGraphML does.
func GraphML(w io.Writer, g Graph) error { return WriteGraphML(w, g.Source()) }

// GEXF writes g as WriteGEXF does.
func GEXF(w io.Writer, g Graph) error { return WriteGEXF(w, g.Source()) }

// DOT writes g as WriteDOT does.
func DOT(w io.Writer, g Graph) error { return WriteDOT(w, g.Source()) }

// JSON writes g as WriteJSON does.
func JSON(w io.Writer, g Graph) error { return WriteJSON(w, g.Source()) }

// Cytoscape writes g as WriteCytoscape does.
func Cytoscape(w io.Writer, g Graph) error { return WriteCytoscape(w, g.Source()) }

// Colours by entity type (Tableau 10), shared by every format.
var colors = map[string][3]byte{
	newsgraph.Person: {0x4E, 0x79, 0xA7}, newsgraph.Org: {0xF2, 0x8E, 0x2B}, newsgraph.GPE: {0x59, 0xA1, 0x4F},
	newsgraph.Loc: {0x76, 0xB7, 0xB2}, newsgraph.NORP: {0xED, 0xC9, 0x48}, newsgraph.Event: {0xE1, 0x57, 0x59},
	newsgraph.Misc: {0xBA, 0xB0, 0xAC},
}

func colorOf(typ string) [3]byte {
	if c, ok := colors[typ]; ok {
		return c
	}
	return colors[newsgraph.Misc]
}

// hexColors holds "#rrggbb" per type, built once.
var hexColors = func() map[string]string {
	const digits = "0123456789abcdef"
	m := map[string]string{}
	for typ, c := range colors {
		b := []byte{'#', 0, 0, 0, 0, 0, 0}
		for i, v := range c {
			b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
		}
		m[typ] = string(b)
	}
	return m
}()

func hexColor(typ string) string {
	if c, ok := hexColors[typ]; ok {
		return c
	}
	return hexColors[newsgraph.Misc]
}

// size maps PageRank to a node size between 5 and 50 (area-like: square
// root), for Gephi and web viewers; 10 without measures.
func size(m *newsgraph.Metrics, maxPR float64) float64 {
	if m == nil || maxPR == 0 {
		return 10
	}
	return 5 + 45*math.Sqrt(m.PageRank/maxPR)
}

func firstDate(f *newsgraph.Fact) string {
	if f.FirstDate != "" {
		return f.FirstDate
	}
	return f.Date
}
