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

func (g Graph) jsonNode(e newsgraph.Entity, maxPR float64) jsonNode {
	n := jsonNode{ID: "n" + strconv.FormatInt(e.ID, 10), Label: e.Name, Type: e.Type, Color: hexColor(e.Type),
		Size: g.size(e.ID, maxPR), Mentions: e.Mentions, Aliases: e.Aliases}
	if m, ok := g.Metrics[e.ID]; ok {
		n.PageRank, n.Betweenness, n.Community = &m.PageRank, &m.Betweenness, &m.Community
	}
	return n
}

func jsonLinkOf(f newsgraph.Fact) jsonLink {
	return jsonLink{ID: "e" + strconv.FormatInt(f.ID, 10), Source: "n" + strconv.FormatInt(f.SubjectID, 10),
		Target: "n" + strconv.FormatInt(f.ObjectID, 10), Label: f.Relation, Relation: f.Relation, Weight: f.Weight,
		Confidence: f.Confidence, Date: f.Date, FirstDate: f.FirstDate, LastDate: f.LastDate, Evidence: f.Evidence,
		Symmetric: f.Symmetric}
}

// streamJSON writes head, the items produced by each (separated by commas),
// mid, the second list, and tail, one item at a time.
func streamJSON(w io.Writer, head string, n int, item func(int) any, mid string, m int, item2 func(int) any, tail string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	list := func(k int, at func(int) any) error {
		for i := 0; i < k; i++ {
			if i > 0 {
				bw.WriteString(",")
			}
			if err := enc.Encode(at(i)); err != nil { // Encode ends each item with a newline
				return err
			}
		}
		return nil
	}
	bw.WriteString(head)
	if err := list(n, item); err != nil {
		return err
	}
	bw.WriteString(mid)
	if err := list(m, item2); err != nil {
		return err
	}
	bw.WriteString(tail)
	return bw.Flush()
}

// JSON writes the graph as D3's force layout reads it (and networkx's
// node_link_graph with edges="links"): {"directed", "multigraph", "nodes":
// [{id, label, entity_type, color, size, ...}], "links": [{source, target,
// relation, symmetric, ...}]}. The graph is directed; a link with
// "symmetric": true is an undirected relation. It streams.
func JSON(w io.Writer, g Graph) error {
	nodes := g.nodes()
	maxPR := g.maxPageRank()
	return streamJSON(w, `{"directed":true,"multigraph":true,"graph":{},"nodes":[`+"\n",
		len(nodes), func(i int) any { return g.jsonNode(nodes[i], maxPR) },
		"],\n"+`"links":[`+"\n", len(g.Facts), func(i int) any { return jsonLinkOf(g.Facts[i]) }, "]}\n")
}

// Cytoscape writes the graph as Cytoscape.js elements (and networkx's
// cytoscape_graph reads it): {"data": {}, "directed": true, "multigraph":
// true, "elements": {"nodes": [{"data": {...}}], "edges": [{"data":
// {...}}]}}. It streams.
func Cytoscape(w io.Writer, g Graph) error {
	nodes := g.nodes()
	maxPR := g.maxPageRank()
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
	return streamJSON(w, `{"data":{},"directed":true,"multigraph":true,"elements":{"nodes":[`+"\n",
		len(nodes), func(i int) any {
			n := g.jsonNode(nodes[i], maxPR)
			return wrap{cyNode{n, n.Label, n.ID}}
		},
		"],\n"+`"edges":[`+"\n", len(g.Facts), func(i int) any {
			l := jsonLinkOf(g.Facts[i])
			return wrap{cyEdge{l, l.ID}} // key: parallel relations stay apart in networkx
		}, "]}}\n")
}
