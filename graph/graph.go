// Package graph holds the knowledge graph in compact arrays and answers
// graph questions about it: paths, neighbourhoods, centrality, components,
// cores and communities. Where gonum is fast on such a graph (Yen's k
// shortest paths, modularity, multiplex communities) it runs over a gonum
// view of the arrays; where gonum's general algorithms are slow at 100,000
// nodes (Louvain, point-to-point search, betweenness) or not reproducible
// (PageRank starts from a random vector) the package has its own
// array-based versions (docs/ANALYTICS.md has the measurements).
package graph

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph"
)

// ErrNoPath is returned when two entities are not connected within the
// allowed number of hops.
var ErrNoPath = errors.New("no connection")

// Graph is the knowledge graph: entities as nodes 0..n-1, facts as edges.
// It is read-only once built and safe for concurrent use.
type Graph struct {
	nodes []newsgraph.Entity
	index map[int64]int32 // entity id -> node
	// Each fact as an edge k: its ends, weight and relation type.
	src, dst []int32
	w        []float64
	rel      []string
	facts    []newsgraph.Fact // nil for a graph built by FromEdges
	out      csr              // subject -> object, one entry per pair, weights summed
	in       csr              // object -> subject, likewise
	und      csr              // either direction, one entry per neighbour, no self loops
	inc      csr              // node -> other end of each incident fact; id is the fact
}

// csr is a compressed sparse row adjacency: the neighbours of node i are
// to[start[i]:start[i+1]], sorted, with weights w and, for inc, fact ids.
type csr struct {
	start []int32
	to    []int32
	w     []float64
	id    []int32
}

func (c *csr) row(i int32) []int32 { return c.to[c.start[i]:c.start[i+1]] }

// weight returns the weight of edge i -> j, or 0 and false.
func (c *csr) weight(i, j int32) (float64, bool) {
	r := c.row(i)
	k, ok := slices.BinarySearch(r, j)
	if !ok {
		return 0, false
	}
	return c.w[int(c.start[i])+k], true
}

// buildCSR lays out edges src[k] -> dst[k] by source. With merge, parallel
// edges become one with their weights summed; ids are kept only without
// merge.
func buildCSR(n int, src, dst []int32, w []float64, ids []int32, merge bool) csr {
	c := csr{start: make([]int32, n+1)}
	for _, s := range src {
		c.start[s+1]++
	}
	for i := 0; i < n; i++ {
		c.start[i+1] += c.start[i]
	}
	c.to = make([]int32, len(src))
	c.w = make([]float64, len(src))
	if ids != nil {
		c.id = make([]int32, len(src))
	}
	fill := slices.Clone(c.start[:n])
	for k, s := range src {
		p := fill[s]
		fill[s]++
		c.to[p] = dst[k]
		c.w[p] = w[k]
		if ids != nil {
			c.id[p] = ids[k]
		}
	}
	type ent struct {
		to int32
		w  float64
		id int32
	}
	var buf []ent
	next := int32(0)
	for i := 0; i < n; i++ {
		a, b := c.start[i], c.start[i+1]
		buf = buf[:0]
		for p := a; p < b; p++ {
			e := ent{to: c.to[p], w: c.w[p]}
			if ids != nil {
				e.id = c.id[p]
			}
			buf = append(buf, e)
		}
		// Parallel edges are summed in order of weight, so the sum does
		// not depend on the order the edges came in.
		slices.SortFunc(buf, func(x, y ent) int {
			if x.to != y.to {
				return int(x.to - y.to)
			}
			if x.id != y.id {
				return int(x.id - y.id)
			}
			return cmp.Compare(x.w, y.w)
		})
		c.start[i] = next
		for _, e := range buf {
			if merge && next > c.start[i] && c.to[next-1] == e.to {
				c.w[next-1] += e.w
				continue
			}
			c.to[next], c.w[next] = e.to, e.w
			if ids != nil {
				c.id[next] = e.id
			}
			next++
		}
	}
	c.start[n] = next
	c.to, c.w = c.to[:next], c.w[:next]
	if ids != nil {
		c.id = c.id[:next]
	}
	return c
}

// edgeWeight is a fact's weight as an edge: its supporting sentences.
func edgeWeight(w int) float64 {
	if w > 0 {
		return float64(w)
	}
	return 1
}

// New builds the graph. Facts whose entities are missing from entities get
// nodes named after the fact. Nodes are numbered in a canonical order
// (most mentioned first, then by name, then by id) whatever order the
// entities and facts come in: analytics depend on node order (Louvain's
// visiting order, the sampled sources, sums over neighbours, ties in
// community numbers), so the same graph loaded in another order gives the
// same numbers, and lists built in node order (neighbours, ego networks)
// come most mentioned first. It costs O(E log E) time and a few dozen
// bytes per entity and per fact.
func New(entities []newsgraph.Entity, facts []newsgraph.Fact) *Graph {
	edges := make([]newsgraph.Edge, len(facts))
	for k, f := range facts {
		edges[k] = newsgraph.Edge{ID: f.ID, SubjectID: f.SubjectID, ObjectID: f.ObjectID, Relation: f.Relation, Weight: f.Weight}
	}
	g := build(entities, edges, func(k int) (newsgraph.Entity, newsgraph.Entity) {
		f := facts[k]
		return newsgraph.Entity{ID: f.SubjectID, Name: f.Subject, Type: f.SubjectType}, newsgraph.Entity{ID: f.ObjectID, Name: f.Object, Type: f.ObjectType}
	}, true)
	g.facts = facts
	return g
}

// FromEdges builds the graph of edges, as New does from facts, for the
// whole-graph measures (Analyze), which read nothing of a fact but its
// ends, type and weight: a database's facts read as edges take a fraction
// of the memory. The nodes are numbered as New numbers them, so Analyze
// gives the same numbers for the same graph either way; an edge end
// missing from entities becomes a node with its id alone. Path, Neighbors
// and Ego on such a graph return their entities without facts.
func FromEdges(entities []newsgraph.Entity, edges []newsgraph.Edge) *Graph {
	return build(entities, edges, func(k int) (newsgraph.Entity, newsgraph.Entity) {
		return newsgraph.Entity{ID: edges[k].SubjectID}, newsgraph.Entity{ID: edges[k].ObjectID}
	}, false)
}

// build numbers the nodes and lays out the adjacency; ends gives the two
// entities of edge k, for ends missing from entities. With incidence it
// lays out each node's facts too, which only the facts of paths and
// neighbours need.
func build(entities []newsgraph.Entity, edges []newsgraph.Edge, ends func(k int) (newsgraph.Entity, newsgraph.Entity), incidence bool) *Graph {
	g := &Graph{index: make(map[int64]int32, len(entities))}
	for _, e := range entities {
		g.addNode(e)
	}
	for k, e := range edges {
		_, hasS := g.index[e.SubjectID]
		_, hasO := g.index[e.ObjectID]
		if !hasS || !hasO {
			s, o := ends(k)
			g.addNode(s)
			g.addNode(o)
		}
	}
	slices.SortFunc(g.nodes, func(a, b newsgraph.Entity) int {
		if a.Mentions != b.Mentions {
			return cmp.Compare(b.Mentions, a.Mentions)
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for i, e := range g.nodes {
		g.index[e.ID] = int32(i)
	}
	m := len(edges)
	src, dst := make([]int32, m), make([]int32, m)
	w := make([]float64, m)
	rel := make([]string, m)
	for k, e := range edges {
		src[k], dst[k], w[k], rel[k] = g.index[e.SubjectID], g.index[e.ObjectID], edgeWeight(e.Weight), e.Relation
	}
	g.src, g.dst, g.w, g.rel = src, dst, w, rel
	n := len(g.nodes)
	// The three layouts are independent: built side by side.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		g.out = buildCSR(n, src, dst, w, nil, true)
	}()
	go func() {
		defer wg.Done()
		g.in = buildCSR(n, dst, src, w, nil, true)
	}()
	us, ud := make([]int32, 0, 2*m), make([]int32, 0, 2*m)
	uw := make([]float64, 0, 2*m)
	for k := range src {
		if src[k] != dst[k] {
			us, ud, uw = append(us, src[k], dst[k]), append(ud, dst[k], src[k]), append(uw, w[k], w[k])
		}
	}
	g.und = buildCSR(n, us, ud, uw, nil, true)
	wg.Wait()
	if incidence {
		ids := make([]int32, 0, 2*m)
		is, id := make([]int32, 0, 2*m), make([]int32, 0, 2*m)
		for k := range src {
			is, id = append(is, src[k], dst[k]), append(id, dst[k], src[k])
			ids = append(ids, int32(k), int32(k))
		}
		g.inc = buildCSR(n, is, id, make([]float64, len(is)), ids, false)
	}
	return g
}

func (g *Graph) addNode(e newsgraph.Entity) int32 {
	if i, ok := g.index[e.ID]; ok {
		return i
	}
	i := int32(len(g.nodes))
	g.index[e.ID] = i
	g.nodes = append(g.nodes, e)
	return i
}

// Len returns the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// Entity returns the entity with the given id.
func (g *Graph) Entity(id int64) (newsgraph.Entity, bool) {
	i, ok := g.index[id]
	if !ok {
		return newsgraph.Entity{}, false
	}
	return g.nodes[i], true
}

// factsBetween returns the facts linking nodes a and b, either way.
func (g *Graph) factsBetween(a, b int32) []newsgraph.Fact {
	if g.facts == nil {
		return nil
	}
	var out []newsgraph.Fact
	r := g.inc.row(a)
	k, _ := slices.BinarySearch(r, b)
	for p := int(g.inc.start[a]) + k; p < int(g.inc.start[a+1]) && g.inc.to[p] == b; p++ {
		out = append(out, g.facts[g.inc.id[p]])
	}
	return out
}
