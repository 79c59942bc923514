package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// graphmlKeys declares every attribute with its type, so Gephi, networkx,
// igraph and yEd read numbers as numbers.
var graphmlKeys = []struct{ id, domain, name, typ string }{
	{"label", "node", "label", "string"},
	{"type", "node", "type", "string"},
	{"aliases", "node", "aliases", "string"},
	{"mentions", "node", "mentions", "int"},
	{"articles", "node", "articles", "int"},
	{"pagerank", "node", "pagerank", "double"},
	{"betweenness", "node", "betweenness", "double"},
	{"degree", "node", "degree", "int"},
	{"community", "node", "community", "int"},
	{"component", "node", "component", "int"},
	{"core", "node", "core", "int"},
	{"color", "node", "color", "string"},
	{"elabel", "edge", "label", "string"},
	{"relation", "edge", "relation", "string"},
	{"weight", "edge", "weight", "double"},
	{"confidence", "edge", "confidence", "double"},
	{"date", "edge", "date", "string"},
	{"first_date", "edge", "first_date", "string"},
	{"last_date", "edge", "last_date", "string"},
	{"evidence", "edge", "evidence", "string"},
	{"article", "edge", "article", "string"},
	{"rule", "edge", "rule", "string"},
	{"symmetric", "edge", "symmetric", "boolean"},
}

// GraphML writes a directed GraphML document: one node per entity and one
// edge per relation, so relations of different types between the same pair
// stay distinct edges. Measures are written where g.Metrics has them. It
// streams: memory does not grow with the output.
func GraphML(w io.Writer, g Graph) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", k.id, k.domain, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
	for _, e := range g.nodes() {
		fmt.Fprintf(bw, `    <node id="n%d">`, e.ID)
		data(bw, "label", e.Name)
		data(bw, "type", e.Type)
		if len(e.Aliases) > 0 {
			data(bw, "aliases", strings.Join(e.Aliases, "; "))
		}
		data(bw, "mentions", strconv.Itoa(e.Mentions))
		data(bw, "articles", strconv.Itoa(e.Articles))
		if m, ok := g.Metrics[e.ID]; ok {
			data(bw, "pagerank", num(m.PageRank))
			data(bw, "betweenness", num(m.Betweenness))
			data(bw, "degree", strconv.Itoa(m.Degree))
			data(bw, "community", strconv.Itoa(m.Community))
			data(bw, "component", strconv.Itoa(m.Component))
			data(bw, "core", strconv.Itoa(m.Core))
		}
		data(bw, "color", hexColor(e.Type))
		bw.WriteString("</node>\n")
	}
	for _, f := range g.Facts {
		fmt.Fprintf(bw, `    <edge id="e%d" source="n%d" target="n%d">`, f.ID, f.SubjectID, f.ObjectID)
		data(bw, "elabel", f.Relation)
		data(bw, "relation", f.Relation)
		data(bw, "weight", strconv.Itoa(f.Weight))
		data(bw, "confidence", num(f.Confidence))
		for _, d := range [][2]string{{"date", f.Date}, {"first_date", f.FirstDate}, {"last_date", f.LastDate}, {"article", f.Article}, {"rule", f.Rule}} {
			if d[1] != "" {
				data(bw, d[0], d[1])
			}
		}
		data(bw, "evidence", f.Evidence)
		data(bw, "symmetric", strconv.FormatBool(f.Symmetric))
		bw.WriteString("</edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func data(w *bufio.Writer, key, value string) {
	w.WriteString(`<data key="`)
	w.WriteString(key)
	w.WriteString(`">`)
	xml.EscapeText(w, []byte(value))
	w.WriteString(`</data>`)
}
