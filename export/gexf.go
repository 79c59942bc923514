package export

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// gexfAttr declares one attribute of nodes or edges.
type gexfAttr struct{ id, typ string }

var (
	gexfNodeAttrs = []gexfAttr{
		{"entity_type", "string"}, // not "type": sigma.js reserves it
		{"mentions", "integer"},
		{"aliases", "string"},
		{"pagerank", "double"},
		{"community", "integer"},
	}
	// The dates are plain attributes too, beside the spells: graphology and
	// the tools built on it (Gephi Lite, sigma.js pages) ignore spells.
	gexfEdgeAttrs = []gexfAttr{
		{"relation", "string"},
		{"confidence", "double"},
		{"date", "string"},
		{"first_date", "string"},
		{"last_date", "string"},
		{"evidence", "string"},
		{"article", "string"},
		{"rule", "string"},
		{"symmetric", "boolean"},
	}
)

// WriteGEXF writes a GEXF 1.2 document for Gephi: nodes coloured by type
// and sized by PageRank, edges labelled with their relation and weighted
// by supporting sentences, and every dated relation given a time spell
// from its first to its last date (a node from its earliest dated
// relation), so Gephi's timeline plays the story; the dates, article and
// rule are plain edge attributes too, for the tools that ignore spells
// (graphology, Gephi Lite). The graph is directed, and symmetric relations
// are undirected edges (type="undirected"): Gephi and graphology read such
// a mixed graph, but networkx's read_gexf refuses one.
//
// It streams, writing the document byte for byte as encoding/xml wrote
// gonum's GEXF model (formats/gexf12, indented by one space) before:
// TestGEXFMatchesGonumModel compares the two. Only the node and fact
// counts and each node's start (Source.Timeline) are known beforehand.
// Every string goes through xmlSafe, as in GraphML: characters XML 1.0
// forbids become U+FFFD.
func WriteGEXF(w io.Writer, src Source) error {
	maxPR, err := src.MaxPageRank()
	if err != nil {
		return err
	}
	tl, err := src.Timeline()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	x := gexfWriter{bw: bw}
	bw.WriteString(xml.Header)
	bw.WriteString(`<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">` + "\n")
	bw.WriteString(" <meta>\n  <creator>newsgraph</creator>\n  <description>entities and relations extracted from news articles</description>\n </meta>\n")
	bw.WriteString(` <graph timeformat="date" defaultedgetype="directed" mode="dynamic">` + "\n")
	for _, class := range []struct {
		name  string
		attrs []gexfAttr
	}{{"node", gexfNodeAttrs}, {"edge", gexfEdgeAttrs}} {
		bw.WriteString(`  <attributes class="` + class.name + `">` + "\n")
		for _, a := range class.attrs {
			bw.WriteString(`   <attribute id="` + a.id + `" title="` + a.id + `" type="` + a.typ + `"></attribute>` + "\n")
		}
		bw.WriteString("  </attributes>\n")
	}
	x.list("nodes", tl.Nodes)
	err = src.Nodes(false, func(n Node) error {
		e := &n.Entity
		x.b = strconv.AppendInt(append(x.b[:0], `   <node id="n`...), e.ID, 10)
		x.b = append(x.b, '"')
		x.attr("label", e.Name, true)
		if s, ok := tl.Start[e.ID]; ok {
			x.attr("start", s, true)
		}
		x.b = append(x.b, ">\n    <attvalues>\n"...)
		x.value("entity_type", xmlSafe(e.Type))
		x.number("mentions", strconv.AppendInt(x.n[:0], int64(e.Mentions), 10))
		if len(e.Aliases) > 0 {
			x.value("aliases", strings.Join(e.Aliases, "; "))
		}
		if m := n.Metrics; m != nil {
			x.number("pagerank", strconv.AppendFloat(x.n[:0], m.PageRank, 'g', -1, 64))
			x.number("community", strconv.AppendInt(x.n[:0], int64(m.Community), 10))
		}
		c := colorOf(e.Type)
		x.b = append(x.b, "    </attvalues>\n    <color xmlns=\"http://www.gexf.net/1.2draft/viz\" r=\""...)
		x.b = strconv.AppendUint(x.b, uint64(c[0]), 10)
		x.b = strconv.AppendUint(append(x.b, `" g="`...), uint64(c[1]), 10)
		x.b = strconv.AppendUint(append(x.b, `" b="`...), uint64(c[2]), 10)
		x.b = append(x.b, "\"></color>\n    <size xmlns=\"http://www.gexf.net/1.2draft/viz\" value=\""...)
		x.b = strconv.AppendFloat(x.b, size(n.Metrics, maxPR), 'g', -1, 64)
		x.b = append(x.b, "\"></size>\n   </node>\n"...)
		_, err := bw.Write(x.b)
		return err
	})
	if err != nil {
		return err
	}
	x.end("nodes", tl.Nodes)
	x.list("edges", tl.Facts)
	err = src.Facts(false, func(f *newsgraph.Fact) error {
		x.b = strconv.AppendInt(append(x.b[:0], `   <edge id="e`...), f.ID, 10)
		x.b = append(x.b, '"')
		if f.Symmetric {
			x.b = append(x.b, ` type="undirected"`...) // meets_with, borders, allied_with: drawn without an arrow
		}
		x.attr("label", f.Relation, true)
		x.b = strconv.AppendInt(append(x.b, ` source="n`...), f.SubjectID, 10)
		x.b = strconv.AppendInt(append(x.b, `" target="n`...), f.ObjectID, 10)
		x.b = strconv.AppendFloat(append(x.b, `" weight="`...), float64(max(f.Weight, 1)), 'g', -1, 64)
		x.b = append(x.b, "\">\n    <attvalues>\n"...)
		first, last := firstDate(f), f.LastDate
		if last == "" {
			last = first
		}
		x.value("relation", f.Relation)
		x.number("confidence", strconv.AppendFloat(x.n[:0], f.Confidence, 'g', -1, 64))
		// first_date and last_date are the spell's ends, so a tool that
		// reads either sees the same period.
		for _, d := range [...][2]string{{"date", f.Date}, {"first_date", first}, {"last_date", last}} {
			if d[1] != "" {
				x.value(d[0], d[1])
			}
		}
		x.value("evidence", f.Evidence)
		for _, d := range [...][2]string{{"article", f.Article}, {"rule", f.Rule}} {
			if d[1] != "" {
				x.value(d[0], d[1])
			}
		}
		x.value("symmetric", strconv.FormatBool(f.Symmetric))
		x.b = append(x.b, "    </attvalues>\n"...)
		if first != "" {
			x.b = append(x.b, "    <spells>\n     <spell"...)
			x.attr("start", first, true)
			x.attr("end", last, true)
			x.b = append(x.b, "></spell>\n    </spells>\n"...)
		}
		x.b = append(x.b, "   </edge>\n"...)
		_, err := bw.Write(x.b)
		return err
	})
	if err != nil {
		return err
	}
	x.end("edges", tl.Facts)
	bw.WriteString(" </graph>\n</gexf>\n")
	return bw.Flush()
}

// gexfWriter builds each element in b, escaping as encoding/xml does;
// numbers are formatted in n. Nothing is allocated per element.
type gexfWriter struct {
	bw   *bufio.Writer
	b, n []byte
}

// list opens the list of nodes or edges; encoding/xml left out a count
// of 0.
func (x *gexfWriter) list(name string, count int) {
	x.bw.WriteString("  <" + name)
	if count > 0 {
		x.bw.WriteString(` count="` + strconv.Itoa(count) + `"`)
	}
	x.bw.WriteString(">")
	if count > 0 {
		x.bw.WriteString("\n")
	}
}

// end closes the list: on the opening's line when it is empty.
func (x *gexfWriter) end(name string, count int) {
	if count > 0 {
		x.bw.WriteString("  ")
	}
	x.bw.WriteString("</" + name + ">\n")
}

// attr appends ` name="value"`, value made XML-safe and escaped; with
// omitEmpty nothing for an empty value.
func (x *gexfWriter) attr(name, value string, omitEmpty bool) {
	if value == "" && omitEmpty {
		return
	}
	x.b = append(x.b, ' ')
	x.b = append(x.b, name...)
	x.b = append(x.b, `="`...)
	x.b = appendEscaped(x.b, xmlSafe(value))
	x.b = append(x.b, '"')
}

// value appends one attvalue line.
func (x *gexfWriter) value(key, value string) {
	x.b = append(x.b, `     <attvalue for="`...)
	x.b = append(x.b, key...)
	x.b = append(x.b, '"')
	x.attr("value", value, false)
	x.b = append(x.b, "></attvalue>\n"...)
}

// number appends one attvalue line of a number, which needs no escaping.
func (x *gexfWriter) number(key string, value []byte) {
	x.b = append(x.b, `     <attvalue for="`...)
	x.b = append(x.b, key...)
	x.b = append(x.b, `" value="`...)
	x.b = append(x.b, value...)
	x.b = append(x.b, "\"></attvalue>\n"...)
	x.n = value
}
