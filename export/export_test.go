package export_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
	ngraph "github.com/newsgraph/newsgraph/graph"
)

// A small graph with text that needs escaping and two relations of
// different types between one pair.
var (
	entities = []newsgraph.Entity{
		{ID: 1, Name: "Alina Romanowski", Type: newsgraph.Person, Mentions: 6},
		{ID: 2, Name: "United States", Type: newsgraph.GPE, Mentions: 18},
		{ID: 3, Name: `AT&T <"Corp">`, Type: newsgraph.Org, Mentions: 1},
	}
	facts = []newsgraph.Fact{
		{ID: 10, SubjectID: 1, Subject: "Alina Romanowski", SubjectType: newsgraph.Person, Relation: newsgraph.AmbassadorOf, ObjectID: 2, Object: "United States", ObjectType: newsgraph.GPE, Weight: 2, Confidence: 0.9, Date: "2024-03-23", Evidence: "US Ambassador <to> Iraq & more"},
		{ID: 11, SubjectID: 1, Subject: "Alina Romanowski", SubjectType: newsgraph.Person, Relation: newsgraph.Told, ObjectID: 2, Object: "United States", ObjectType: newsgraph.GPE, Weight: 1, Confidence: 0.85, Evidence: `"quoted"`},
		{ID: 12, SubjectID: 3, Subject: `AT&T <"Corp">`, SubjectType: newsgraph.Org, Relation: newsgraph.LocatedIn, ObjectID: 2, Object: "United States", ObjectType: newsgraph.GPE, Weight: 1, Confidence: 0.5},
	}
	metrics = map[int64]newsgraph.Metrics{
		1: {EntityID: 1, PageRank: 0.2, Betweenness: 0, Degree: 1, Community: 0},
		2: {EntityID: 2, PageRank: 0.6, Betweenness: 0.5, Degree: 2, Community: 0, Core: 1},
		3: {EntityID: 3, PageRank: 0.2, Degree: 1, Community: 1},
	}
	fixture = export.Graph{Entities: entities, Metrics: metrics, Facts: facts}
)

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlDoc struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []gmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []gmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func value(data []gmlData, key string) string {
	for _, d := range data {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

func TestGraphMLRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := export.GraphML(&buf, fixture); err != nil {
		t.Fatal(err)
	}
	var doc gmlDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v\n%s", err, buf.String())
	}
	declared := map[string]bool{}
	for _, k := range doc.Keys {
		declared[k.ID] = k.Type != ""
	}
	if len(doc.Graph.Nodes) != 3 || len(doc.Graph.Edges) != 3 || doc.Graph.EdgeDefault != "directed" {
		t.Fatalf("%d nodes %d edges", len(doc.Graph.Nodes), len(doc.Graph.Edges))
	}
	if got := value(doc.Graph.Nodes[2].Data, "label"); got != `AT&T <"Corp">` {
		t.Errorf("escaped label reads back as %q", got)
	}
	if value(doc.Graph.Nodes[0].Data, "mentions") != "6" || value(doc.Graph.Nodes[0].Data, "entity_type") != "PERSON" ||
		value(doc.Graph.Nodes[1].Data, "pagerank") != "0.6" || value(doc.Graph.Nodes[2].Data, "community") != "1" ||
		value(doc.Graph.Nodes[1].Data, "size") != "50" {
		t.Errorf("node attributes %+v", doc.Graph.Nodes)
	}
	for _, n := range doc.Graph.Nodes {
		for _, d := range n.Data {
			if !declared[d.Key] {
				t.Errorf("node uses undeclared key %q", d.Key)
			}
		}
	}
	var rels []string
	for _, e := range doc.Graph.Edges {
		for _, d := range e.Data {
			if !declared[d.Key] {
				t.Errorf("edge uses undeclared key %q", d.Key)
			}
		}
		if e.Source == "n1" && e.Target == "n2" {
			rels = append(rels, value(e.Data, "relation"))
		}
	}
	if strings.Join(rels, ",") != "ambassador_of,told" {
		t.Errorf("parallel relations %v", rels)
	}
	if value(doc.Graph.Edges[0].Data, "weight") != "2" || value(doc.Graph.Edges[0].Data, "evidence") != "US Ambassador <to> Iraq & more" {
		t.Errorf("edge data %+v", doc.Graph.Edges[0].Data)
	}
}

// pythonWith returns a python3 that imports the modules, or skips.
func pythonWith(t *testing.T, modules, pkg string) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import "+modules).Run() == nil {
			return p
		}
	}
	t.Skipf("no python3 with %s: install %s to run this check", modules, pkg)
	return ""
}

// TestGraphMLNetworkx reads the export with networkx where python3 has it.
func TestGraphMLNetworkx(t *testing.T) {
	python := pythonWith(t, "networkx", "python3-networkx")
	path := filepath.Join(t.TempDir(), "g.graphml")
	f, _ := os.Create(path)
	if err := export.GraphML(f, fixture); err != nil {
		t.Fatal(err)
	}
	f.Close()
	script := `import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(g.number_of_nodes(), g.number_of_edges(), g.is_multigraph())
print(g.nodes["n3"]["label"], g.nodes["n1"]["mentions"] + 1)
w = sorted((d["relation"], d["weight"], d["confidence"]) for _, _, d in g.edges(data=True))
print(w)`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx failed: %v\n%s", err, out)
	}
	want := "3 3 True\nAT&T <\"Corp\"> 7\n[('ambassador_of', 2.0, 0.9), ('located_in', 1.0, 0.5), ('told', 1.0, 0.85)]\n"
	if string(out) != want {
		t.Errorf("networkx read:\n%s\nwant:\n%s", out, want)
	}
}

type dotTestNode struct {
	id    int64
	attrs map[string]string
}

func (n *dotTestNode) ID() int64 { return n.id }
func (n *dotTestNode) SetAttribute(a encoding.Attribute) error {
	n.attrs[a.Key] = a.Value
	return nil
}

type dotTestGraph struct{ *multi.DirectedGraph }

func (g dotTestGraph) NewNode() graph.Node {
	return &dotTestNode{id: g.DirectedGraph.NewNode().ID(), attrs: map[string]string{}}
}

func TestDOTDecodesWithGonum(t *testing.T) {
	var buf bytes.Buffer
	if err := export.DOT(&buf, fixture); err != nil {
		t.Fatal(err)
	}
	g := dotTestGraph{multi.NewDirectedGraph()}
	if err := dot.UnmarshalMulti(buf.Bytes(), g); err != nil {
		t.Fatalf("gonum cannot decode the DOT: %v\n%s", err, buf.String())
	}
	if g.Nodes().Len() != 3 || g.Edges().Len() != 2 {
		t.Errorf("%d nodes, %d node pairs", g.Nodes().Len(), g.Edges().Len())
	}
	labels := map[string]bool{}
	for it := g.Nodes(); it.Next(); {
		labels[it.Node().(*dotTestNode).attrs["label"]] = true
	}
	if !labels[`AT&T <"Corp">`] || !labels["Alina Romanowski"] {
		t.Errorf("labels %v", labels)
	}
	if !strings.Contains(buf.String(), `label=ambassador_of`) || !strings.Contains(buf.String(), `label=told`) {
		t.Errorf("edge labels missing:\n%s", buf.String())
	}
	if _, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command("dot", "-Tsvg")
		cmd.Stdin = bytes.NewReader(buf.Bytes())
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("<svg")) {
			t.Errorf("graphviz cannot render the DOT: %v\n%s", err, out)
		}
	} else {
		t.Log("graphviz dot not found: rendering not checked")
	}
}

// writeAll writes the fixture in every format into dir and returns the
// file of each.
func writeAll(t *testing.T, dir string, g export.Graph) map[string]string {
	t.Helper()
	files := map[string]string{}
	for name, write := range map[string]func(io.Writer, export.Graph) error{
		"graphml": export.GraphML, "gexf": export.GEXF, "dot": export.DOT, "json": export.JSON, "cytoscape": export.Cytoscape,
	} {
		p := filepath.Join(dir, "g."+name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f, g); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.Close()
		files[name] = p
	}
	return files
}

func TestSchemasValidate(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not found: install libxml2-utils to validate against the schemas")
	}
	files := writeAll(t, t.TempDir(), fixture)
	for format, schema := range map[string]string{"graphml": "testdata/schema/graphml.xsd", "gexf": "testdata/schema/gexf.xsd"} {
		out, err := exec.Command("xmllint", "--noout", "--schema", schema, files[format]).CombinedOutput()
		if err != nil {
			t.Errorf("%s does not validate: %v\n%s", format, err, out)
		}
	}
	// The schemas are strict enough to catch a broken document.
	bad := filepath.Join(t.TempDir(), "bad.gexf")
	os.WriteFile(bad, []byte(`<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes><node id="a"/></nodes><edges><edge id="e" source="a" target="missing"/></edges></graph></gexf>`), 0o644)
	if exec.Command("xmllint", "--noout", "--schema", "testdata/schema/gexf.xsd", bad).Run() == nil {
		t.Error("an edge to a missing node validated")
	}
}

type gexfDoc struct {
	Graph struct {
		Mode       string `xml:"mode,attr"`
		TimeFormat string `xml:"timeformat,attr"`
		Nodes      []struct {
			ID    string `xml:"id,attr"`
			Label string `xml:"label,attr"`
			Start string `xml:"start,attr"`
			Color struct {
				R int `xml:"r,attr"`
			} `xml:"http://www.gexf.net/1.2draft/viz color"`
			Size struct {
				Value float64 `xml:"value,attr"`
			} `xml:"http://www.gexf.net/1.2draft/viz size"`
		} `xml:"nodes>node"`
		Edges []struct {
			Label     string  `xml:"label,attr"`
			Weight    float64 `xml:"weight,attr"`
			Type      string  `xml:"type,attr"`
			AttValues []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"attvalues>attvalue"`
			Spells []struct {
				Start string `xml:"start,attr"`
				End   string `xml:"end,attr"`
			} `xml:"spells>spell"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func TestGEXF(t *testing.T) {
	dated := fixture
	dated.Facts = append([]newsgraph.Fact(nil), facts...)
	dated.Facts[0].FirstDate, dated.Facts[0].LastDate = "2024-03-01", "2024-03-23"
	dated.Facts[0].Article, dated.Facts[0].Rule = "Talks in Baghdad", "title"
	var buf bytes.Buffer
	if err := export.GEXF(&buf, dated); err != nil {
		t.Fatal(err)
	}
	var doc gexfDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("GEXF does not parse: %v", err)
	}
	g := doc.Graph
	if g.Mode != "dynamic" || g.TimeFormat != "date" || len(g.Nodes) != 3 || len(g.Edges) != 3 {
		t.Fatalf("graph %+v", g)
	}
	if g.Nodes[0].Color.R != 0x4E || g.Nodes[1].Color.R != 0x59 {
		t.Errorf("colours by type: %+v", g.Nodes)
	}
	// United States has the top PageRank: the largest node.
	if !(g.Nodes[1].Size.Value > g.Nodes[0].Size.Value) || g.Nodes[1].Size.Value != 50 {
		t.Errorf("sizes %v %v", g.Nodes[0].Size.Value, g.Nodes[1].Size.Value)
	}
	e := g.Edges[0]
	if e.Label != "ambassador_of" || e.Weight != 2 || len(e.Spells) != 1 || e.Spells[0].Start != "2024-03-01" || e.Spells[0].End != "2024-03-23" {
		t.Errorf("dated edge %+v", e)
	}
	if len(g.Edges[2].Spells) != 0 {
		t.Errorf("an undated edge got spells: %+v", g.Edges[2])
	}
	// The spell's dates, the article and the rule are plain attributes too,
	// for graphology and Gephi Lite, which ignore spells.
	attrs := func(i int) string {
		var s []string
		for _, a := range g.Edges[i].AttValues {
			s = append(s, a.For+"="+a.Value)
		}
		return strings.Join(s, " ")
	}
	if got, want := attrs(0), "relation=ambassador_of confidence=0.9 date=2024-03-23 first_date=2024-03-01 last_date=2024-03-23 evidence=US Ambassador <to> Iraq & more article=Talks in Baghdad rule=title symmetric=false"; got != want {
		t.Errorf("dated edge's attributes\n%s\nwant\n%s", got, want)
	}
	if got, want := attrs(1), "relation=told confidence=0.85 evidence=\"quoted\" symmetric=false"; got != want {
		t.Errorf("undated edge's attributes\n%s\nwant\n%s", got, want)
	}
	// Romanowski's relations: one dated, one not, so no start.
	if g.Nodes[0].Start != "" {
		t.Errorf("node with an undated relation starts at %q", g.Nodes[0].Start)
	}
}

func TestJSONFormats(t *testing.T) {
	for name, write := range map[string]func(io.Writer, export.Graph) error{"json": export.JSON, "cytoscape": export.Cytoscape} {
		var buf bytes.Buffer
		if err := write(&buf, fixture); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Nodes    []map[string]any `json:"nodes"`
			Links    []map[string]any `json:"links"`
			Elements struct {
				Nodes []struct{ Data map[string]any } `json:"nodes"`
				Edges []struct{ Data map[string]any } `json:"edges"`
			} `json:"elements"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, buf.String())
		}
		nodes, links := doc.Nodes, doc.Links
		if name == "cytoscape" {
			nodes, links = nil, nil
			for _, n := range doc.Elements.Nodes {
				nodes = append(nodes, n.Data)
			}
			for _, e := range doc.Elements.Edges {
				links = append(links, e.Data)
			}
		}
		if len(nodes) != 3 || len(links) != 3 {
			t.Fatalf("%s: %d nodes, %d links", name, len(nodes), len(links))
		}
		if nodes[2]["label"] != `AT&T <"Corp">` || nodes[0]["color"] != "#4e79a7" || nodes[1]["pagerank"] != 0.6 {
			t.Errorf("%s nodes %+v", name, nodes)
		}
		// sigma.js draws a node with the program its "type" names: the
		// entity type must live under another name.
		if _, reserved := nodes[0]["type"]; reserved || nodes[0]["entity_type"] != "PERSON" {
			t.Errorf("%s: the entity type is not under entity_type: %+v", name, nodes[0])
		}
		if links[0]["source"] != "n1" || links[0]["target"] != "n2" || links[0]["relation"] != "ambassador_of" || links[0]["weight"] != 2.0 {
			t.Errorf("%s links %+v", name, links[0])
		}
	}
}

// TestReadBackInPython reads every export with networkx and GraphML with
// igraph too, on a generated graph of many entities and relations.
func TestReadBackInPython(t *testing.T) {
	python := pythonWith(t, "networkx", "python3-networkx")
	ents, fs := ngraph.Generate(2000, 3, 7)
	g := export.Graph{Entities: ents, Facts: fs, Metrics: map[int64]newsgraph.Metrics{}}
	for _, e := range ents {
		g.Metrics[e.ID] = newsgraph.Metrics{EntityID: e.ID, PageRank: 1 / float64(len(ents)), Community: int(e.ID % 7)}
	}
	files := writeAll(t, t.TempDir(), g)
	script := `import sys, json, networkx as nx
from networkx.readwrite import json_graph
f = dict(a.split("=", 1) for a in sys.argv[1:])
gm = nx.read_graphml(f["graphml"])
gx = nx.read_gexf(f["gexf"])
js = json_graph.node_link_graph(json.load(open(f["json"])), edges="links")
cy = json_graph.cytoscape_graph(json.load(open(f["cytoscape"])))
for name, g in [("graphml", gm), ("gexf", gx), ("json", js), ("cytoscape", cy)]:
    print(name, g.number_of_nodes(), g.number_of_edges(), g.is_directed())
print("community", gm.nodes["n8"]["community"] + 0)
`
	var args []string
	for k, v := range files {
		args = append(args, k+"="+v)
	}
	out, err := exec.Command(python, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx failed: %v\n%s", err, out)
	}
	n, m := len(ents), len(fs)
	want := fmt.Sprintf("graphml %d %d True\ngexf %d %d True\njson %d %d True\ncytoscape %d %d True\ncommunity 1\n", n, m, n, m, n, m, n, m)
	if string(out) != want {
		t.Errorf("networkx read:\n%s\nwant:\n%s", out, want)
	}
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import igraph").Run() != nil {
			continue
		}
		out, err := exec.Command(p, "-c", `import sys, igraph
g = igraph.Graph.Read_GraphML(sys.argv[1])
print(g.vcount(), g.ecount(), g.is_directed(), sorted(set(g.es["relation"]))[:2], type(g.vs["pagerank"][0]).__name__)`, files["graphml"]).CombinedOutput()
		if err != nil {
			t.Fatalf("igraph failed: %v\n%s", err, out)
		}
		rels := map[string]bool{}
		for _, f := range fs {
			rels[f.Relation] = true
		}
		var names []string
		for r := range rels {
			names = append(names, r)
		}
		sort.Strings(names)
		if want := fmt.Sprintf("%d %d True ['%s', '%s'] float\n", n, m, names[0], names[1]); string(out) != want {
			t.Errorf("igraph read %q, want %q", out, want)
		}
		return
	}
	t.Log("igraph not found: install python3-igraph to read GraphML with it too")
}

// TestSymmetricRelationsUndirected: a symmetric relation (meets_with) is
// an undirected edge in every format that has them, and the others stay
// directed.
func TestSymmetricRelationsUndirected(t *testing.T) {
	g := fixture
	g.Facts = append(append([]newsgraph.Fact(nil), facts...), newsgraph.Fact{ID: 13, SubjectID: 1, Subject: "Alina Romanowski",
		SubjectType: newsgraph.Person, Relation: newsgraph.MeetsWith, ObjectID: 3, Object: `AT&T <"Corp">`, ObjectType: newsgraph.Org,
		Weight: 1, Confidence: 0.7, Symmetric: true})
	files := writeAll(t, t.TempDir(), g)
	read := func(format string) []byte {
		b, err := os.ReadFile(files[format])
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	var gexf gexfDoc
	if err := xml.Unmarshal(read("gexf"), &gexf); err != nil {
		t.Fatal(err)
	}
	for i, e := range gexf.Graph.Edges {
		if want := map[bool]string{true: "undirected", false: ""}[e.Label == "meets_with"]; e.Type != want {
			t.Errorf("GEXF edge %d (%s) has type %q, want %q", i, e.Label, e.Type, want)
		}
	}

	// DOT: no arrowhead on the symmetric edge alone.
	dotText := string(read("dot"))
	if strings.Count(dotText, "dir=none") != 1 || !regexpMatch(`n1 -> n3 \[\s*label=meets_with[^\]]*dir=none`, dotText) {
		t.Errorf("DOT does not draw meets_with alone without an arrow:\n%s", dotText)
	}

	for _, format := range []string{"json", "cytoscape"} {
		var doc struct {
			Links    []map[string]any `json:"links"`
			Elements struct {
				Edges []struct{ Data map[string]any } `json:"edges"`
			} `json:"elements"`
		}
		if err := json.Unmarshal(read(format), &doc); err != nil {
			t.Fatal(err)
		}
		links := doc.Links
		for _, e := range doc.Elements.Edges {
			links = append(links, e.Data)
		}
		if len(links) != 4 {
			t.Fatalf("%s: %d links", format, len(links))
		}
		for _, l := range links {
			if l["symmetric"] != (l["relation"] == "meets_with") {
				t.Errorf("%s: %s has symmetric %v", format, l["relation"], l["symmetric"])
			}
		}
	}

	// GraphML stays directed, with the mark in its data: networkx refuses
	// GraphML that mixes directed and undirected edges, and
	// graphology-graphml ignores directed="false".
	var gml gmlDoc
	if err := xml.Unmarshal(read("graphml"), &gml); err != nil {
		t.Fatal(err)
	}
	if sym := value(gml.Graph.Edges[3].Data, "symmetric"); gml.Graph.EdgeDefault != "directed" || sym != "true" {
		t.Errorf("GraphML: edgedefault %q, symmetric %q", gml.Graph.EdgeDefault, sym)
	}
	if _, err := exec.LookPath("xmllint"); err == nil {
		for format, schema := range map[string]string{"graphml": "testdata/schema/graphml.xsd", "gexf": "testdata/schema/gexf.xsd"} {
			if out, err := exec.Command("xmllint", "--noout", "--schema", schema, files[format]).CombinedOutput(); err != nil {
				t.Errorf("%s with an undirected edge does not validate: %v\n%s", format, err, out)
			}
		}
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
