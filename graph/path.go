package graph

import (
	"fmt"
	"math"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"

	"github.com/newsgraph/newsgraph"
)

// Hop is one step of a path: two entities and the facts that link them.
type Hop struct {
	From  newsgraph.Entity `json:"from"`
	To    newsgraph.Entity `json:"to"`
	Facts []newsgraph.Fact `json:"facts"`
}

func (g *Graph) ends(from, to int64) (int32, int32, error) {
	a, ok := g.index[from]
	if !ok {
		return 0, 0, fmt.Errorf("entity %d has no relations: %w", from, ErrNoPath)
	}
	b, ok := g.index[to]
	if !ok {
		return 0, 0, fmt.Errorf("entity %d has no relations: %w", to, ErrNoPath)
	}
	return a, b, nil
}

// Path returns a shortest connection (fewest hops, relations taken in
// either direction) from one entity to another in at most maxHops hops (0
// for no limit), with every fact of each hop. It searches from both ends
// at once, expanding the smaller frontier, so a query on a graph of
// 100,000 entities visits a small part of it.
func (g *Graph) Path(from, to int64, maxHops int) ([]Hop, error) {
	a, b, err := g.ends(from, to)
	if err != nil {
		return nil, err
	}
	if a == b {
		return nil, nil
	}
	nodes := g.bidirectional(a, b)
	if nodes == nil {
		return nil, ErrNoPath
	}
	if maxHops > 0 && len(nodes)-1 > maxHops {
		return nil, fmt.Errorf("the shortest connection has %d hops, more than %d: %w", len(nodes)-1, maxHops, ErrNoPath)
	}
	return g.hops(nodes), nil
}

func (g *Graph) hops(nodes []int32) []Hop {
	hops := make([]Hop, 0, len(nodes)-1)
	for i := 1; i < len(nodes); i++ {
		a, b := nodes[i-1], nodes[i]
		hops = append(hops, Hop{From: g.nodes[a], To: g.nodes[b], Facts: g.factsBetween(a, b)})
	}
	return hops
}

// bidirectional is breadth-first search from both ends; it returns the
// nodes of a shortest path, or nil.
func (g *Graph) bidirectional(a, b int32) []int32 {
	// parent[x] is the node x was reached from; side marks which search
	// reached it (1 from a, 2 from b). Maps keep the cost proportional to
	// the nodes visited, not to the graph.
	parent := map[int32]int32{a: -1, b: -1}
	side := map[int32]uint8{a: 1, b: 2}
	fa, fb := []int32{a}, []int32{b}
	for len(fa) > 0 && len(fb) > 0 {
		expand, s := &fa, uint8(1)
		if g.frontierCost(fb) < g.frontierCost(fa) {
			expand, s = &fb, 2
		}
		var next []int32
		for _, x := range *expand {
			for _, y := range g.und.row(x) {
				switch side[y] {
				case 0:
					side[y], parent[y] = s, x
					next = append(next, y)
				case s:
				default: // the searches meet at edge x-y
					left, right := x, y
					if s == 2 {
						left, right = y, x
					}
					return joinPath(parent, left, right)
				}
			}
		}
		*expand = next
	}
	return nil
}

func (g *Graph) frontierCost(f []int32) int {
	c := 0
	for _, x := range f {
		c += int(g.und.start[x+1] - g.und.start[x])
	}
	return c
}

// joinPath builds a-...-left-right-...-b from the parents of both searches.
func joinPath(parent map[int32]int32, left, right int32) []int32 {
	var head []int32
	for x := left; x >= 0; x = parent[x] {
		head = append(head, x)
	}
	for i, j := 0, len(head)-1; i < j; i, j = i+1, j-1 {
		head[i], head[j] = head[j], head[i]
	}
	for x := right; x >= 0; x = parent[x] {
		head = append(head, x)
	}
	return head
}

// KPaths returns up to k shortest loopless connections, shortest first,
// by gonum's Yen k-shortest-paths over the undirected view (every hop
// costs 1). Paths longer than maxHops (0: no limit) are left out.
func (g *Graph) KPaths(from, to int64, k, maxHops int) ([][]Hop, error) {
	a, b, err := g.ends(from, to)
	if err != nil {
		return nil, err
	}
	if a == b {
		return nil, nil
	}
	v := undirected(g)
	var out [][]Hop
	for _, p := range path.YenKShortestPaths(v, k, math.Inf(1), v.Node(int64(a)), v.Node(int64(b))) {
		if maxHops > 0 && len(p)-1 > maxHops {
			continue
		}
		nodes := make([]int32, len(p))
		for i, n := range p {
			nodes[i] = int32(n.ID())
		}
		out = append(out, g.hops(nodes))
	}
	if len(out) == 0 {
		return nil, ErrNoPath
	}
	return out, nil
}

// Neighbor is an entity near another: how many hops away, and the facts
// that link it to the entities one hop closer.
type Neighbor struct {
	Entity newsgraph.Entity `json:"entity"`
	Hops   int              `json:"hops"`
	Via    []newsgraph.Fact `json:"via"`
}

// Neighbors returns the entities within depth hops of an entity (relations
// taken in either direction), nearest first, in the order found.
func (g *Graph) Neighbors(id int64, depth int) ([]Neighbor, error) {
	a, ok := g.index[id]
	if !ok {
		return nil, fmt.Errorf("entity %d has no relations: %w", id, ErrNoPath)
	}
	dist := g.ego(a, depth)
	var out []Neighbor
	frontier := []int32{a}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []int32
		for _, x := range frontier {
			for _, y := range g.und.row(x) {
				if dist[y] != d {
					continue
				}
				if i := indexOfNeighbor(out, g.nodes[y].ID); i >= 0 {
					out[i].Via = append(out[i].Via, g.factsBetween(x, y)...)
					continue
				}
				out = append(out, Neighbor{Entity: g.nodes[y], Hops: d, Via: g.factsBetween(x, y)})
				next = append(next, y)
			}
		}
		frontier = next
	}
	return out, nil
}

func indexOfNeighbor(ns []Neighbor, id int64) int {
	for i := len(ns) - 1; i >= 0; i-- {
		if ns[i].Entity.ID == id {
			return i
		}
	}
	return -1
}

// ego returns the hop distance of every node within depth hops of a.
func (g *Graph) ego(a int32, depth int) map[int32]int {
	dist := map[int32]int{a: 0}
	frontier := []int32{a}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []int32
		for _, x := range frontier {
			for _, y := range g.und.row(x) {
				if _, seen := dist[y]; !seen {
					dist[y] = d
					next = append(next, y)
				}
			}
		}
		frontier = next
	}
	return dist
}

// Ego returns the entities and facts within depth hops of an entity: the
// sub-graph that exports and analytics use for "the network around X".
func (g *Graph) Ego(id int64, depth int) ([]newsgraph.Entity, []newsgraph.Fact, error) {
	a, ok := g.index[id]
	if !ok {
		return nil, nil, fmt.Errorf("entity %d has no relations: %w", id, ErrNoPath)
	}
	dist := g.ego(a, depth)
	var ents []newsgraph.Entity
	for i, e := range g.nodes {
		if _, in := dist[int32(i)]; in {
			ents = append(ents, e)
		}
	}
	var facts []newsgraph.Fact
	for _, f := range g.facts {
		_, s := dist[g.index[f.SubjectID]]
		_, o := dist[g.index[f.ObjectID]]
		if s && o {
			facts = append(facts, f)
		}
	}
	return ents, facts, nil
}

var _ gonum.Graph = undirectedView{}
