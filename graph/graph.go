// Package graph holds the knowledge graph in gonum and answers graph
// questions about it: shortest connections between entities for now.
package graph

import (
	"errors"
	"fmt"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/newsgraph/newsgraph"
)

// ErrNoPath is returned when two entities are not connected within the
// allowed number of hops.
var ErrNoPath = errors.New("no connection")

// Graph is the knowledge graph: entities as nodes, one undirected gonum edge
// per connected pair, carrying every fact between the two.
type Graph struct {
	g        *simple.UndirectedGraph
	entities map[int64]newsgraph.Entity
	facts    map[pair][]newsgraph.Fact
}

type pair struct{ a, b int64 }

func pairOf(a, b int64) pair {
	if a > b {
		a, b = b, a
	}
	return pair{a, b}
}

// New builds the graph. Facts whose entities are missing from entities get
// nodes named after the fact.
func New(entities []newsgraph.Entity, facts []newsgraph.Fact) *Graph {
	g := &Graph{g: simple.NewUndirectedGraph(), entities: map[int64]newsgraph.Entity{}, facts: map[pair][]newsgraph.Fact{}}
	for _, e := range entities {
		g.addNode(e)
	}
	for _, f := range facts {
		g.addNode(newsgraph.Entity{ID: f.SubjectID, Name: f.Subject, Type: f.SubjectType})
		g.addNode(newsgraph.Entity{ID: f.ObjectID, Name: f.Object, Type: f.ObjectType})
		if f.SubjectID == f.ObjectID {
			continue
		}
		p := pairOf(f.SubjectID, f.ObjectID)
		if g.facts[p] == nil {
			g.g.SetEdge(g.g.NewEdge(simple.Node(f.SubjectID), simple.Node(f.ObjectID)))
		}
		g.facts[p] = append(g.facts[p], f)
	}
	return g
}

func (g *Graph) addNode(e newsgraph.Entity) {
	if _, ok := g.entities[e.ID]; ok {
		return
	}
	g.entities[e.ID] = e
	if g.g.Node(e.ID) == nil { // AddNode panics on a duplicate id
		g.g.AddNode(simple.Node(e.ID))
	}
}

// Gonum returns the underlying gonum graph; node ids are entity ids.
func (g *Graph) Gonum() gonum.Undirected { return g.g }

// Entity returns the entity of a node.
func (g *Graph) Entity(id int64) (newsgraph.Entity, bool) {
	e, ok := g.entities[id]
	return e, ok
}

// Hop is one step of a path: two entities and the facts that link them.
type Hop struct {
	From  newsgraph.Entity `json:"from"`
	To    newsgraph.Entity `json:"to"`
	Facts []newsgraph.Fact `json:"facts"`
}

// Path returns a shortest connection from one entity to another in at most
// maxHops hops (0 for no limit), using gonum's Dijkstra search with unit
// weights. It costs O(E log V) per call.
func (g *Graph) Path(from, to int64, maxHops int) ([]Hop, error) {
	if g.g.Node(from) == nil {
		return nil, fmt.Errorf("entity %d has no relations: %w", from, ErrNoPath)
	}
	if g.g.Node(to) == nil {
		return nil, fmt.Errorf("entity %d has no relations: %w", to, ErrNoPath)
	}
	if from == to {
		return nil, nil
	}
	nodes, _ := path.DijkstraFromTo(simple.Node(from), simple.Node(to), g.g)
	if len(nodes) == 0 {
		return nil, ErrNoPath
	}
	if maxHops > 0 && len(nodes)-1 > maxHops {
		return nil, fmt.Errorf("the shortest connection has %d hops, more than %d: %w", len(nodes)-1, maxHops, ErrNoPath)
	}
	hops := make([]Hop, 0, len(nodes)-1)
	for i := 1; i < len(nodes); i++ {
		a, b := nodes[i-1].ID(), nodes[i].ID()
		hops = append(hops, Hop{From: g.entities[a], To: g.entities[b], Facts: g.facts[pairOf(a, b)]})
	}
	return hops, nil
}
