package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/newsgraph/newsgraph"
)

// jsonNode is a node as web viewers read it.
type jsonNode struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Type        string   `json:"entity_type"` // not "type": sigma.js and graphology viewers reserve it
	Color       string   `json:"color"`
	Size        float64  `json:"size"`
	Mentions    int      `json:"mentions"`
	Aliases     []string `json:"aliases,omitempty"`
	PageRank    *float64 `json:"pagerank,omitempty"`
	Betweenness *float64 `json:"betweenness,omitempty"`
	Community   *int     `json:"community,omitempty"`
}

// jsonLink is a relation as web viewers read it.
type jsonLink struct {
	ID         string  `json:"id"`
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Label      string  `json:"label"`
	Relation   string  `json:"relation"`
	Weight     int     `json:"weight"`
	Confidence float64 `json:"confidence"`
	Date       string  `json:"date,omitempty"`
	FirstDate  string  `json:"first_date,omitempty"`
	LastDate   string  `json:"last_date,omitempty"`
	Evidence   string  `json:"evidence"`
	Symmetric  bool    `json:"symmetric"` // an undirected relation (meets_with, borders, allied_with): draw no arrow
}

func jsonNodeOf(n Node, maxPR float64) jsonNode {
	e := &n.Entity
	j := jsonNode{ID: "n" + strconv.FormatInt(e.ID, 10), Label: e.Name, Type: e.Type, Color: hexColor(e.Type),
		Size: size(n.Metrics, maxPR), Mentions: e.Mentions, Aliases: e.Aliases}
	if m := n.Metrics; m != nil {
		j.PageRank, j.Betweenness, j.Community = &m.PageRank, &m.Betweenness, &m.Community
	}
	return j
}

func jsonLinkOf(f *newsgraph.Fact) jsonLink {
	return jsonLink{ID: "e" + strconv.FormatInt(f.ID, 10), Source: "n" + strconv.FormatInt(f.SubjectID, 10),
		Target: "n" + strconv.FormatInt(f.ObjectID, 10), Label: f.Relation, Relation: f.Relation, Weight: f.Weight,
		Confidence: f.Confidence, Date: f.Date, FirstDate: f.FirstDate, LastDate: f.LastDate, Evidence: f.Evidence,
		Symmetric: f.Symmetric}
}

// streamJSON writes head, each node as node makes it (separated by
// commas), mid, each fact as link makes it, and tail, one item at a time.
func streamJSON(w io.Writer, src Source, head string, node func(Node, float64) any, mid string, link func(*newsgraph.Fact) any, tail string) error {
	maxPR, err := src.MaxPageRank()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	first := true
	item := func(v any) error {
		if !first {
			bw.WriteString(",")
		}
		first = false
		return enc.Encode(v) // Encode ends each item with a newline
	}
	bw.WriteString(head)
	if err := src.Nodes(false, func(n Node) error { return item(node(n, maxPR)) }); err != nil {
		return err
	}
	bw.WriteString(mid)
	first = true
	if err := src.Facts(false, func(f *newsgraph.Fact) error { return item(link(f)) }); err != nil {
		return err
	}
	bw.WriteString(tail)
	return bw.Flush()
}

// WriteJSON writes the graph as D3's force layout reads it (and networkx's
// node_link_graph with edges="links"): {"directed", "multigraph", "nodes":
// [{id, label, entity_type, color, size, ...}], "links": [{source, target,
// relation, symmetric, ...}]}. The graph is directed; a link with
// "symmetric": true is an undirected relation. It streams.
func WriteJSON(w io.Writer, src Source) error {
	return streamJSON(w, src, `{"directed":true,"multigraph":true,"graph":{},"nodes":[`+"\n",
		func(n Node, maxPR float64) any { return jsonNodeOf(n, maxPR) },
		"],\n"+`"links":[`+"\n", func(f *newsgraph.Fact) any { return jsonLinkOf(f) }, "]}\n")
}

// WriteCytoscape writes the graph as Cytoscape.js elements (and networkx's
// cytoscape_graph reads it): {"data": {}, "directed": true, "multigraph":
// true, "elements": {"nodes": [{"data": {...}}], "edges": [{"data":
// {...}}]}}. It streams.
func WriteCytoscape(w io.Writer, src Source) error {
	type wrap struct {
		Data any `json:"data"`
	}
	type cyEdge struct {
		jsonLink
		Key string `json:"key"`
	}
	type cyNode struct {
		jsonNode
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	return streamJSON(w, src, `{"data":{},"directed":true,"multigraph":true,"elements":{"nodes":[`+"\n",
		func(n Node, maxPR float64) any {
			j := jsonNodeOf(n, maxPR)
			return wrap{cyNode{j, j.Label, j.ID}}
		},
		"],\n"+`"edges":[`+"\n", func(f *newsgraph.Fact) any {
			l := jsonLinkOf(f)
			return wrap{cyEdge{l, l.ID}} // key: parallel relations stay apart in networkx
		}, "]}}\n")
}
