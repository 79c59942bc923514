package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"github.com/newsgraph/newsgraph"
)

// GEXF writes a GEXF 1.2 document for Gephi through gonum's GEXF data
// model: nodes coloured by type and sized by PageRank, edges labelled with
// their relation and weighted by supporting sentences, and every dated
// relation given a time spell from its first to its last date (a node from
// its earliest dated relation), so Gephi's timeline plays the story; the
// dates, article and rule are plain edge attributes too, for the tools that
// ignore spells (graphology, Gephi Lite). The
// document is built in memory (gonum's model is not a stream encoder).
// The graph is directed, and symmetric relations are undirected edges
// (type="undirected"): Gephi and graphology read such a mixed graph, but
// networkx's read_gexf refuses one.
// Every string goes through xmlSafe, as in GraphML: characters XML 1.0
// forbids become U+FFFD.
func GEXF(w io.Writer, g Graph) error {
	maxPR := g.maxPageRank()
	nodeAttrs := []gexf12.Attribute{
		{ID: "entity_type", Title: "entity_type", Type: "string"}, // not "type": sigma.js reserves it
		{ID: "mentions", Title: "mentions", Type: "integer"},
		{ID: "aliases", Title: "aliases", Type: "string"},
		{ID: "pagerank", Title: "pagerank", Type: "double"},
		{ID: "community", Title: "community", Type: "integer"},
	}
	// The dates are plain attributes too, beside the spells: graphology and
	// the tools built on it (Gephi Lite, sigma.js pages) ignore spells.
	edgeAttrs := []gexf12.Attribute{
		{ID: "relation", Title: "relation", Type: "string"},
		{ID: "confidence", Title: "confidence", Type: "double"},
		{ID: "date", Title: "date", Type: "string"},
		{ID: "first_date", Title: "first_date", Type: "string"},
		{ID: "last_date", Title: "last_date", Type: "string"},
		{ID: "evidence", Title: "evidence", Type: "string"},
		{ID: "article", Title: "article", Type: "string"},
		{ID: "rule", Title: "rule", Type: "string"},
		{ID: "symmetric", Title: "symmetric", Type: "boolean"},
	}
	start := map[int64]string{} // a node's earliest relation date
	undated := map[int64]bool{} // a node with an undated relation is there from the start
	for _, f := range g.Facts {
		for _, id := range []int64{f.SubjectID, f.ObjectID} {
			first := firstDate(f)
			switch {
			case first == "":
				undated[id] = true
			case start[id] == "" || first < start[id]:
				start[id] = first
			}
		}
	}
	var nodes []gexf12.Node
	for _, e := range g.nodes() {
		c := colorOf(e.Type)
		n := gexf12.Node{ID: "n" + strconv.FormatInt(e.ID, 10), Label: xmlSafe(e.Name),
			Color: &gexf12.Color{R: c[0], G: c[1], B: c[2]}, Size: &gexf12.Size{Value: g.size(e.ID, maxPR)}}
		vals := []gexf12.AttValue{{For: "entity_type", Value: xmlSafe(e.Type)}, {For: "mentions", Value: strconv.Itoa(e.Mentions)}}
		if len(e.Aliases) > 0 {
			vals = append(vals, gexf12.AttValue{For: "aliases", Value: xmlSafe(strings.Join(e.Aliases, "; "))})
		}
		if m, ok := g.Metrics[e.ID]; ok {
			vals = append(vals, gexf12.AttValue{For: "pagerank", Value: num(m.PageRank)}, gexf12.AttValue{For: "community", Value: strconv.Itoa(m.Community)})
		}
		n.AttValues = &gexf12.AttValues{AttValues: vals}
		if s := start[e.ID]; s != "" && !undated[e.ID] {
			n.Start = xmlSafe(s)
		}
		nodes = append(nodes, n)
	}
	var edges []gexf12.Edge
	for _, f := range g.Facts {
		e := gexf12.Edge{ID: "e" + strconv.FormatInt(f.ID, 10), Label: xmlSafe(f.Relation),
			Source: "n" + strconv.FormatInt(f.SubjectID, 10), Target: "n" + strconv.FormatInt(f.ObjectID, 10),
			Weight: float64(max(f.Weight, 1))}
		first, last := firstDate(f), f.LastDate
		if last == "" {
			last = first
		}
		vals := []gexf12.AttValue{{For: "relation", Value: xmlSafe(f.Relation)}, {For: "confidence", Value: num(f.Confidence)}}
		// first_date and last_date are the spell's ends, so a tool that
		// reads either sees the same period.
		for _, d := range [][2]string{{"date", f.Date}, {"first_date", first}, {"last_date", last}} {
			if d[1] != "" {
				vals = append(vals, gexf12.AttValue{For: d[0], Value: xmlSafe(d[1])})
			}
		}
		vals = append(vals, gexf12.AttValue{For: "evidence", Value: xmlSafe(f.Evidence)})
		for _, d := range [][2]string{{"article", f.Article}, {"rule", f.Rule}} {
			if d[1] != "" {
				vals = append(vals, gexf12.AttValue{For: d[0], Value: xmlSafe(d[1])})
			}
		}
		e.AttValues = &gexf12.AttValues{AttValues: append(vals, gexf12.AttValue{For: "symmetric", Value: strconv.FormatBool(f.Symmetric)})}
		if f.Symmetric {
			e.Type = "undirected" // meets_with, borders, allied_with: drawn without an arrow
		}
		if first != "" {
			e.Spells = &gexf12.Spells{Spells: []gexf12.Spell{{Start: xmlSafe(first), End: xmlSafe(last)}}}
		}
		edges = append(edges, e)
	}
	doc := gexf12.Content{
		Version: "1.2",
		Meta:    &gexf12.Meta{Creator: "newsgraph", Description: "entities and relations extracted from news articles"},
		Graph: gexf12.Graph{
			Attributes:      []gexf12.Attributes{{Class: "node", Attributes: nodeAttrs}, {Class: "edge", Attributes: edgeAttrs}},
			Nodes:           gexf12.Nodes{Count: len(nodes), Nodes: nodes},
			Edges:           gexf12.Edges{Count: len(edges), Edges: edges},
			DefaultEdgeType: "directed",
			Mode:            "dynamic",
			TimeFormat:      "date",
		},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstDate(f newsgraph.Fact) string {
	if f.FirstDate != "" {
		return f.FirstDate
	}
	return f.Date
}
