package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph"
)

var shapes = map[string]string{
	newsgraph.Person: "ellipse", newsgraph.Org: "box", newsgraph.GPE: "hexagon",
	newsgraph.Loc: "octagon", newsgraph.NORP: "diamond", newsgraph.Event: "note", newsgraph.Misc: "plain",
}

// WriteDOT writes the graph in Graphviz's DOT language: a directed
// multigraph with one labelled edge per relation, nodes shaped and
// coloured by type, edges drawn thicker the more sentences support them,
// symmetric relations without an arrowhead (dir=none).
//
// It streams, writing what gonum's encoder (encoding/dot.MarshalMulti)
// wrote before, byte for byte: nodes in id order, edges by subject, object
// and id, every ID and value quoted as gonum quotes it
// (TestDOTMatchesGonum compares the two).
func WriteDOT(w io.Writer, src Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("digraph newsgraph {\n")
	bw.WriteString("  graph [\n    rankdir=LR\n    overlap=false\n  ];\n")
	bw.WriteString("  node [\n    style=filled\n    fontname=Helvetica\n  ];\n")
	bw.WriteString("  edge [\n    fontsize=9\n    color=\"#777777\"\n  ];\n")
	var b []byte
	header := false
	err := src.Nodes(true, func(n Node) error {
		if !header {
			bw.WriteString("\n  // Node definitions.")
			header = true
		}
		b = strconv.AppendInt(append(b[:0], "\n  n"...), n.ID, 10)
		b = dotAttr(append(b, " ["...), "label", n.Name)
		b = dotAttr(b, "entity_type", n.Type)
		b = dotAttr(b, "shape", shapes[n.Type])
		b = dotAttr(b, "fillcolor", `"`+hexColor(n.Type)+`"`)
		_, err := bw.Write(append(b, "\n  ];"...))
		return err
	})
	if err != nil {
		return err
	}
	header = false
	err = src.Facts(true, func(f *newsgraph.Fact) error {
		if !header {
			bw.WriteString("\n\n  // Edge definitions.")
			header = true
		}
		b = strconv.AppendInt(append(b[:0], "\n  n"...), f.SubjectID, 10)
		b = strconv.AppendInt(append(b, " -> n"...), f.ObjectID, 10)
		b = dotAttr(append(b, " ["...), "label", f.Relation)
		b = dotAttr(b, "weight", strconv.Itoa(f.Weight))
		b = dotAttr(b, "penwidth", strconv.Itoa(min(1+f.Weight/2, 6)))
		if f.Symmetric {
			b = dotAttr(b, "dir", "none") // no arrowhead: meets_with goes both ways
		}
		_, err := bw.Write(append(b, "\n  ];"...))
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// dotAttr appends one attribute line of a list.
func dotAttr(b []byte, key, value string) []byte {
	b = append(b, "\n    "...)
	b = append(b, key...)
	b = append(b, '=')
	return appendDOTID(b, value)
}

// appendDOTID appends s as gonum's DOT encoder writes an ID or value
// (its quoteID): as it is when it is a DOT ID already (a name of letters,
// digits and underscores, a numeral, a quoted string, an HTML string),
// else quoted as a Go string; a keyword always quoted.
func appendDOTID(b []byte, s string) []byte {
	if !isDOTKeyword(s) && isDOTID(s) {
		return append(b, s...)
	}
	return strconv.AppendQuote(b, s)
}

func isDOTKeyword(s string) bool {
	for _, k := range [...]string{"node", "edge", "graph", "digraph", "subgraph", "strict"} {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

// isDOTID is gonum's isID without its regular expressions, which cost a
// microsecond a value: ^[a-zA-Z\200-\377_][0-9a-zA-Z\200-\377_]*$ (the
// class \200-\377 is the runes U+0080 to U+00FF), the numeral
// ^[-]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)$, a quoted string that unquotes, or
// <...>.
func isDOTID(s string) bool {
	if s == "" {
		return false
	}
	ident := true
	for i, r := range s {
		// A byte of invalid UTF-8 reads as U+FFFD, outside the class, as
		// it does for the regular expression.
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r >= 0x80 && r <= 0xFF
		if !letter && (i == 0 || r < '0' || r > '9') {
			ident = false
			break
		}
	}
	if ident || isDOTNumeral(s) {
		return true
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if _, err := strconv.Unquote(s); err == nil {
			return true
		}
	}
	return len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>'
}

// isDOTNumeral matches ^[-]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)$.
func isDOTNumeral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits := func(s string) int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		return n
	}
	if strings.HasPrefix(s, ".") {
		n := digits(s[1:])
		return n > 0 && n == len(s)-1
	}
	n := digits(s)
	if n == 0 {
		return false
	}
	if n == len(s) {
		return true
	}
	if s[n] != '.' {
		return false
	}
	return digits(s[n+1:]) == len(s)-n-1
}
