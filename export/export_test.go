package export_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
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
	if err := export.GraphML(&buf, entities, facts); err != nil {
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
	if value(doc.Graph.Nodes[0].Data, "mentions") != "6" || value(doc.Graph.Nodes[0].Data, "type") != "PERSON" {
		t.Errorf("node attributes %+v", doc.Graph.Nodes[0].Data)
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

// TestGraphMLNetworkx reads the export with networkx where python3 has it.
func TestGraphMLNetworkx(t *testing.T) {
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import networkx").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("python3 with networkx not found: install python3-networkx to run this check")
	}
	path := filepath.Join(t.TempDir(), "g.graphml")
	f, _ := os.Create(path)
	if err := export.GraphML(f, entities, facts); err != nil {
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
	if err := export.DOT(&buf, entities, facts); err != nil {
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
