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
	return []encoding.Attribute{{Key: "label", Value: n.label}, {Key: "type", Value: n.typ}, {Key: "shape", Value: shapes[n.typ]}}
}

var shapes = map[string]string{
	newsgraph.Person: "ellipse", newsgraph.Org: "box", newsgraph.GPE: "hexagon",
	newsgraph.Loc: "octagon", newsgraph.NORP: "diamond", newsgraph.Event: "note", newsgraph.Misc: "plain",
}

// dotLine is one relation as a line of a gonum multigraph.
type dotLine struct {
	multi.Line
	relation string
	weight   int
}

func (l dotLine) Attributes() []encoding.Attribute {
	return []encoding.Attribute{{Key: "label", Value: l.relation}, {Key: "weight", Value: strconv.Itoa(l.weight)}}
}

// DOT writes the graph in Graphviz's DOT language through gonum's encoder:
// a directed multigraph with labelled nodes and one labelled edge per
// relation.
func DOT(w io.Writer, entities []newsgraph.Entity, facts []newsgraph.Fact) error {
	g := multi.NewDirectedGraph()
	add := func(id int64, name, typ string) graph.Node {
		if n := g.Node(id); n != nil {
			return n
		}
		n := dotNode{id: id, label: name, typ: typ}
		g.AddNode(n)
		return n
	}
	for _, e := range entities {
		add(e.ID, e.Name, e.Type)
	}
	for _, f := range facts {
		from, to := add(f.SubjectID, f.Subject, f.SubjectType), add(f.ObjectID, f.Object, f.ObjectType)
		g.SetLine(dotLine{Line: multi.Line{F: from, T: to, UID: f.ID}, relation: f.Relation, weight: f.Weight})
	}
	b, err := dot.MarshalMulti(g, "newsgraph", "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
