package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// graphmlKeys declares every attribute with its type, so Gephi, networkx,
// igraph and yEd read numbers as numbers.
var graphmlKeys = []struct{ id, domain, name, typ string }{
	{"label", "node", "label", "string"},
	{"entity_type", "node", "entity_type", "string"}, // not "type": sigma.js draws a node with the program its type names
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
	{"size", "node", "size", "double"}, // as in GEXF and JSON: sigma.js and Gephi draw nodes this size
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

// WriteGraphML writes a directed GraphML document: one node per entity
// and one edge per relation, so relations of different types between the
// same pair stay distinct edges. Measures are written for the nodes that
// have them. It streams: memory does not grow with the output.
func WriteGraphML(w io.Writer, src Source) error {
	maxPR, err := src.MaxPageRank()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", k.id, k.domain, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")
	var scratch []byte // ids and numbers are appended here: no allocation per element
	err = src.Nodes(false, func(n Node) error {
		e := &n.Entity
		scratch = append(strconv.AppendInt(append(scratch[:0], `    <node id="n`...), e.ID, 10), `">`...)
		bw.Write(scratch)
		data(bw, "label", e.Name)
		data(bw, "entity_type", e.Type)
		if len(e.Aliases) > 0 {
			data(bw, "aliases", strings.Join(e.Aliases, "; "))
		}
		scratch = dataNum(bw, "mentions", strconv.AppendInt(scratch[:0], int64(e.Mentions), 10))
		scratch = dataNum(bw, "articles", strconv.AppendInt(scratch[:0], int64(e.Articles), 10))
		if m := n.Metrics; m != nil {
			scratch = dataNum(bw, "pagerank", strconv.AppendFloat(scratch[:0], m.PageRank, 'g', -1, 64))
			scratch = dataNum(bw, "betweenness", strconv.AppendFloat(scratch[:0], m.Betweenness, 'g', -1, 64))
			scratch = dataNum(bw, "degree", strconv.AppendInt(scratch[:0], int64(m.Degree), 10))
			scratch = dataNum(bw, "community", strconv.AppendInt(scratch[:0], int64(m.Community), 10))
			scratch = dataNum(bw, "component", strconv.AppendInt(scratch[:0], int64(m.Component), 10))
			scratch = dataNum(bw, "core", strconv.AppendInt(scratch[:0], int64(m.Core), 10))
		}
		data(bw, "color", hexColor(e.Type))
		scratch = dataNum(bw, "size", strconv.AppendFloat(scratch[:0], size(n.Metrics, maxPR), 'g', -1, 64))
		_, err := bw.WriteString("</node>\n")
		return err
	})
	if err != nil {
		return err
	}
	err = src.Facts(false, func(f *newsgraph.Fact) error {
		scratch = strconv.AppendInt(append(scratch[:0], `    <edge id="e`...), f.ID, 10)
		scratch = strconv.AppendInt(append(scratch, `" source="n`...), f.SubjectID, 10)
		scratch = strconv.AppendInt(append(scratch, `" target="n`...), f.ObjectID, 10)
		bw.Write(append(scratch, `">`...))
		data(bw, "elabel", f.Relation)
		data(bw, "relation", f.Relation)
		scratch = dataNum(bw, "weight", strconv.AppendInt(scratch[:0], int64(f.Weight), 10))
		scratch = dataNum(bw, "confidence", strconv.AppendFloat(scratch[:0], f.Confidence, 'g', -1, 64))
		for _, d := range [...][2]string{{"date", f.Date}, {"first_date", f.FirstDate}, {"last_date", f.LastDate}, {"article", f.Article}, {"rule", f.Rule}} {
			if d[1] != "" {
				data(bw, d[0], d[1])
			}
		}
		data(bw, "evidence", f.Evidence)
		data(bw, "symmetric", strconv.FormatBool(f.Symmetric)) // constant strings: no allocation
		_, err := bw.WriteString("</edge>\n")
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func data(w *bufio.Writer, key, value string) {
	w.WriteString(`<data key="`)
	w.WriteString(key)
	w.WriteString(`">`)
	escape(w, xmlSafe(value))
	w.WriteString(`</data>`)
}

// dataNum writes a number that needs no escaping and returns the buffer for
// reuse.
func dataNum(w *bufio.Writer, key string, value []byte) []byte {
	w.WriteString(`<data key="`)
	w.WriteString(key)
	w.WriteString(`">`)
	w.Write(value)
	w.WriteString(`</data>`)
	return value
}

// escape writes s with XML's special characters escaped, as xml.EscapeText
// does, without converting s to a byte slice first. Characters XML forbids
// must have been replaced already (xmlSafe).
func escape(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		esc := xmlEscape(s[i])
		if esc == "" {
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// appendEscaped appends s escaped as escape writes it.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		esc := xmlEscape(s[i])
		if esc == "" {
			continue
		}
		b = append(append(b, s[last:i]...), esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// xmlEscape is what encoding/xml writes for the byte c, or "" for c itself.
func xmlEscape(c byte) string {
	switch c {
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '&':
		return "&amp;"
	case '"':
		return "&#34;"
	case '\'':
		return "&#39;"
	case '\n':
		return "&#xA;"
	case '\r':
		return "&#xD;"
	case '\t':
		return "&#x9;"
	}
	return ""
}
