package export

import (
	"io"
	"strconv"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/newsgraph/newsgraph"
)

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
		{Key: "shape", Value: shapes[n.typ]}, {Key: "fillcolor", Value: `"` + hexColor(n.typ) + `"`}}
}

var shapes = map[string]string{
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
func DOT(w io.Writer, g Graph) error {
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
