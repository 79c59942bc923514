package graph

import (
	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// Gonum views of the arrays: node ids are node indices (0..n-1), so
// gonum's algorithms run over the compact adjacency without a copy into
// gonum's map-based graphs.

// nodeList iterates node indices.
type nodeList struct {
	ids []int32
	all int // when ids is nil: the nodes 0..all-1
	i   int
}

func (l *nodeList) Len() int {
	if l.ids == nil {
		return l.all - l.i
	}
	return len(l.ids) - l.i
}

func (l *nodeList) Next() bool {
	if l.Len() <= 0 {
		return false
	}
	l.i++
	return true
}

func (l *nodeList) Node() gonum.Node {
	if l.i == 0 {
		return nil
	}
	if l.ids == nil {
		return simple.Node(l.i - 1)
	}
	return simple.Node(l.ids[l.i-1])
}

func (l *nodeList) Reset() { l.i = 0 }

// undirectedView is gonum.Undirected over an undirected adjacency (the
// graph's, or one relation layer's over the same nodes).
type undirectedView struct {
	g *Graph
	c *csr
}

func undirected(g *Graph) undirectedView { return undirectedView{g, &g.und} }

func (v undirectedView) valid(id int64) bool { return id >= 0 && id < int64(len(v.g.nodes)) }

func (v undirectedView) Node(id int64) gonum.Node {
	if !v.valid(id) {
		return nil
	}
	return simple.Node(id)
}

func (v undirectedView) Nodes() gonum.Nodes { return &nodeList{all: len(v.g.nodes)} }

func (v undirectedView) From(id int64) gonum.Nodes {
	if !v.valid(id) {
		return &nodeList{ids: []int32{}}
	}
	return &nodeList{ids: v.c.row(int32(id))}
}

func (v undirectedView) HasEdgeBetween(x, y int64) bool {
	if !v.valid(x) || !v.valid(y) {
		return false
	}
	_, ok := v.c.weight(int32(x), int32(y))
	return ok
}

func (v undirectedView) Edge(u, w int64) gonum.Edge { return v.EdgeBetween(u, w) }

func (v undirectedView) EdgeBetween(x, y int64) gonum.Edge {
	if !v.HasEdgeBetween(x, y) {
		return nil
	}
	return simple.Edge{F: simple.Node(x), T: simple.Node(y)}
}

// weightedUndirectedView adds the summed fact weights, for modularity.
type weightedUndirectedView struct{ undirectedView }

func (v weightedUndirectedView) WeightedEdge(x, y int64) gonum.WeightedEdge {
	return v.WeightedEdgeBetween(x, y)
}

func (v weightedUndirectedView) WeightedEdgeBetween(x, y int64) gonum.WeightedEdge {
	w, ok := v.Weight(x, y)
	if !ok {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(x), T: simple.Node(y), W: w}
}

func (v weightedUndirectedView) Weight(x, y int64) (float64, bool) {
	if !v.valid(x) || !v.valid(y) {
		return 0, false
	}
	if x == y {
		return 0, true
	}
	return v.c.weight(int32(x), int32(y))
}

var (
	_ gonum.Undirected = undirectedView{}
	_ gonum.Weighted   = weightedUndirectedView{}
)
