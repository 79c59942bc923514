package export

// The GEXF and DOT writers as they were before they streamed: gonum's
// GEXF data model encoded by encoding/xml, and gonum's DOT encoder over a
// multigraph. The streaming writers must write what these wrote, byte for
// byte.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/formats/gexf12"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/newsgraph/newsgraph"
	ngraph "github.com/newsgraph/newsgraph/graph"
)

func sizeOf(g Graph, id int64, maxPR float64) float64 {
	if m, ok := g.Metrics[id]; ok {
		return size(&m, maxPR)
	}
	return size(nil, maxPR)
}

func gonumGEXF(w io.Writer, g Graph) error {
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
			first := firstDate(&f)
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
			Color: &gexf12.Color{R: c[0], G: c[1], B: c[2]}, Size: &gexf12.Size{Value: sizeOf(g, e.ID, maxPR)}}
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
		first, last := firstDate(&f), f.LastDate
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

// dotNode is an entity as gonum's DOT encoder sees it.
type dotNode struct {
	id    int64
	label string
	typ   string
}

func (n dotNode) ID() int64     { return n.id }
func (n dotNode) DOTID() string { return "n" + strconv.FormatInt(n.id, 10) }
func (n dotNode) Attributes() []encoding.Attribute {
	return []encoding.Attribute{{Key: "label", Value: n.label}, {Key: "entity_type", Value: n.typ},
		{Key: "shape", Value: gonumShapes[n.typ]}, {Key: "fillcolor", Value: `"` + hexColor(n.typ) + `"`}}
}

var gonumShapes = map[string]string{
	newsgraph.Person: "ellipse", newsgraph.Org: "box", newsgraph.GPE: "hexagon",
	newsgraph.Loc: "octagon", newsgraph.NORP: "diamond", newsgraph.Event: "note", newsgraph.Misc: "plain",
}

// dotLine is one relation as a line of a gonum multigraph.
type dotLine struct {
	multi.Line
	relation  string
	weight    int
	symmetric bool
}

func (l dotLine) Attributes() []encoding.Attribute {
	a := []encoding.Attribute{{Key: "label", Value: l.relation}, {Key: "weight", Value: strconv.Itoa(l.weight)},
		{Key: "penwidth", Value: strconv.Itoa(min(1+l.weight/2, 6))}}
	if l.symmetric {
		a = append(a, encoding.Attribute{Key: "dir", Value: "none"}) // no arrowhead: meets_with goes both ways
	}
	return a
}

// styledGraph adds graph-wide defaults: filled nodes, small edge labels.
type styledGraph struct{ *multi.DirectedGraph }

type attrs []encoding.Attribute

func (a attrs) Attributes() []encoding.Attribute { return a }

func (styledGraph) DOTAttributers() (g, n, e encoding.Attributer) {
	return attrs{{Key: "rankdir", Value: "LR"}, {Key: "overlap", Value: "false"}},
		attrs{{Key: "style", Value: "filled"}, {Key: "fontname", Value: "Helvetica"}},
		attrs{{Key: "fontsize", Value: "9"}, {Key: "color", Value: `"#777777"`}}
}

// DOT writes the graph in Graphviz's DOT language through gonum's encoder:
// a directed multigraph with one labelled edge per relation, nodes shaped
// and coloured by type, edges drawn thicker the more sentences support
// them, symmetric relations without an arrowhead (dir=none).
func gonumDOT(w io.Writer, g Graph) error {
	mg := multi.NewDirectedGraph()
	add := func(id int64, name, typ string) graph.Node {
		if n := mg.Node(id); n != nil {
			return n
		}
		n := dotNode{id: id, label: name, typ: typ}
		mg.AddNode(n)
		return n
	}
	for _, e := range g.Entities {
		add(e.ID, e.Name, e.Type)
	}
	for _, f := range g.Facts {
		from, to := add(f.SubjectID, f.Subject, f.SubjectType), add(f.ObjectID, f.Object, f.ObjectType)
		mg.SetLine(dotLine{Line: multi.Line{F: from, T: to, UID: f.ID}, relation: f.Relation, weight: f.Weight, symmetric: f.Symmetric})
	}
	b, err := dot.MarshalMulti(styledGraph{mg}, "newsgraph", "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// referenceGraphs are graphs with what the writers must get right:
// escaping, characters XML forbids, names that are DOT keywords or HTML,
// aliases, undated, dated and spelled relations, symmetric ones, missing
// measures, fact ends missing from the entities, parallel relations.
func referenceGraphs() map[string]Graph {
	ents := []newsgraph.Entity{
		{ID: 1, Name: "Alina Romanowski", Type: newsgraph.Person, Mentions: 6},
		{ID: 2, Name: "United States", Type: newsgraph.GPE, Mentions: 18},
		{ID: 3, Name: `AT&T <"Corp">`, Type: newsgraph.Org, Mentions: 1},
		{ID: 7, Name: "edge", Type: newsgraph.Loc, Aliases: []string{"a", "b&c"}},
		{ID: 8, Name: "", Type: "ANIMAL"},
		{ID: 4, Name: "Zürich 12 \x01\xff", Type: newsgraph.GPE},
	}
	facts := []newsgraph.Fact{
		{ID: 10, SubjectID: 1, Relation: newsgraph.AmbassadorOf, ObjectID: 2, Weight: 2, Confidence: 0.9, Date: "2024-03-23",
			FirstDate: "2024-03-01", LastDate: "2024-03-23", Evidence: "US Ambassador <to> Iraq & more", Article: "Talks in Baghdad", Rule: "title"},
		{ID: 11, SubjectID: 1, Relation: newsgraph.Told, ObjectID: 2, Weight: 1, Confidence: 0.85, Evidence: `"quoted"`},
		{ID: 12, SubjectID: 3, Relation: newsgraph.LocatedIn, ObjectID: 2, Weight: 0, Confidence: 0.5},
		{ID: 13, SubjectID: 1, Relation: newsgraph.MeetsWith, ObjectID: 3, Weight: 13, Confidence: 0.7, Symmetric: true,
			Evidence: "line\nbreak\ttab 'q' \x01 \xff\r", Date: "2024-01-02"},
		{ID: 14, SubjectID: 9, Subject: "<html>", SubjectType: newsgraph.Misc, Relation: newsgraph.Told, ObjectID: 2, Weight: 3, Confidence: 1},
		{ID: 5, SubjectID: 4, Relation: newsgraph.Borders, ObjectID: 2, Weight: 1, Confidence: 0.6, Date: "2023-12-31", Symmetric: true},
		{ID: 15, SubjectID: 7, Relation: newsgraph.LocatedIn, ObjectID: 4, Weight: 1, Confidence: 0.6, Date: "2024-05-05"},
	}
	metrics := map[int64]newsgraph.Metrics{
		1: {EntityID: 1, PageRank: 0.2, Degree: 1},
		2: {EntityID: 2, PageRank: 0.6, Betweenness: 0.5, Degree: 2, Core: 1},
		3: {EntityID: 3, PageRank: 0.2, Degree: 1, Community: 1},
	}
	out := map[string]Graph{"small": {Entities: ents, Metrics: metrics, Facts: facts}, "empty": {}, "unmeasured": {Entities: ents, Facts: facts}}
	gen, fs := ngraph.Generate(3000, 3, 7)
	g := Graph{Entities: gen[:2500], Facts: fs, Metrics: map[int64]newsgraph.Metrics{}} // the rest named after the facts
	for i, e := range gen {
		if i%3 != 0 {
			g.Metrics[e.ID] = newsgraph.Metrics{EntityID: e.ID, PageRank: float64(i%97) / 1000, Betweenness: float64(i%13) / 7, Community: int(e.ID % 7)}
		}
	}
	for i := range fs {
		switch {
		case i%5 == 0:
			fs[i].Date = ""
		case i%7 == 0:
			fs[i].FirstDate, fs[i].LastDate = "2023-01-01", fs[i].Date
		}
		fs[i].Symmetric = i%11 == 0
	}
	out["generated"] = g
	return out
}

func TestGEXFMatchesGonumModel(t *testing.T) {
	for name, g := range referenceGraphs() {
		var want, got bytes.Buffer
		if err := gonumGEXF(&want, g); err != nil {
			t.Fatal(err)
		}
		if err := GEXF(&got, g); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: GEXF differs from gonum's model:\n%s", name, firstDifference(got.String(), want.String()))
		}
	}
}

func TestDOTMatchesGonum(t *testing.T) {
	for name, g := range referenceGraphs() {
		var want, got bytes.Buffer
		if err := gonumDOT(&want, g); err != nil {
			t.Fatal(err)
		}
		if err := DOT(&got, g); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: DOT differs from gonum's encoder:\n%s", name, firstDifference(got.String(), want.String()))
		}
	}
}

// TestDOTQuotesAsGonum: every way a value can read as a DOT ID or not.
func TestDOTQuotesAsGonum(t *testing.T) {
	for _, s := range []string{"", "a", "_a1", "1a", "Zürich", "Ünïcode_x", "Москва", "x y", "node", "NODE", "Strict", "graphs",
		"12", "-12", "-.5", ".5", "1.", "1.2.3", "-", ".", "--1", `"q"`, `"bad\q"`, `"`, `""`, "<b>", "<", "a<b>", "\xff", "\uFFFD", "a-b", "é"} {
		g := Graph{Entities: []newsgraph.Entity{{ID: 1, Name: s, Type: s}}}
		var want, got bytes.Buffer
		if err := gonumDOT(&want, g); err != nil {
			t.Fatal(err)
		}
		DOT(&got, g)
		if got.String() != want.String() {
			t.Errorf("%q: DOT differs from gonum's encoder:\n%s", s, firstDifference(got.String(), want.String()))
		}
	}
}

// firstDifference shows the first line where got and want part.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
