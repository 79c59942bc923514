// Package export writes the knowledge graph as GraphML, DOT and JSON to an
// io.Writer.
package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/newsgraph/newsgraph"
)

// graphmlKeys declares every attribute with its type, so Gephi, networkx
// and yEd read numbers as numbers.
var graphmlKeys = []struct{ id, domain, name, typ string }{
	{"label", "node", "label", "string"},
	{"type", "node", "type", "string"},
	{"mentions", "node", "mentions", "int"},
	{"elabel", "edge", "label", "string"},
	{"relation", "edge", "relation", "string"},
	{"weight", "edge", "weight", "double"},
	{"confidence", "edge", "confidence", "double"},
	{"date", "edge", "date", "string"},
	{"evidence", "edge", "evidence", "string"},
}

// GraphML writes a directed GraphML document: one node per entity and one
// edge per relation, so relations of different types between the same pair
// stay distinct edges. It streams: memory does not grow with the output.
func GraphML(w io.Writer, entities []newsgraph.Entity, facts []newsgraph.Fact) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", k.id, k.domain, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
	for _, e := range entities {
		fmt.Fprintf(bw, `    <node id="n%d">`, e.ID)
		data(bw, "label", e.Name)
		data(bw, "type", e.Type)
		data(bw, "mentions", strconv.Itoa(e.Mentions))
		bw.WriteString("</node>\n")
	}
	for _, f := range facts {
		fmt.Fprintf(bw, `    <edge id="e%d" source="n%d" target="n%d">`, f.ID, f.SubjectID, f.ObjectID)
		data(bw, "elabel", f.Relation)
		data(bw, "relation", f.Relation)
		data(bw, "weight", strconv.Itoa(f.Weight))
		data(bw, "confidence", strconv.FormatFloat(f.Confidence, 'f', -1, 64))
		if f.Date != "" {
			data(bw, "date", f.Date)
		}
		data(bw, "evidence", f.Evidence)
		bw.WriteString("</edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

func data(w *bufio.Writer, key, value string) {
	w.WriteString(`<data key="`)
	w.WriteString(key)
	w.WriteString(`">`)
	xml.EscapeText(w, []byte(value))
	w.WriteString(`</data>`)
}
