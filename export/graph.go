// Package export writes the knowledge graph as GraphML, GEXF, DOT and JSON
// (D3 and Cytoscape.js) to an io.Writer.
package export

import (
	"math"

	"github.com/newsgraph/newsgraph"
)

// Graph is what the writers write: entities, their graph measures (may be
// nil or partial) and the facts between them.
type Graph struct {
	Entities []newsgraph.Entity
	Metrics  map[int64]newsgraph.Metrics
	Facts    []newsgraph.Fact
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
// root), for Gephi and web viewers.
func (g Graph) size(id int64, maxPR float64) float64 {
	m, ok := g.Metrics[id]
	if !ok || maxPR == 0 {
		return 10
	}
	return 5 + 45*math.Sqrt(m.PageRank/maxPR)
}
