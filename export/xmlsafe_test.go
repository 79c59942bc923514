package export_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
)

// forbidden lists, range by range, every character XML 1.0 forbids that a
// Go string can carry, each as the bytes it would arrive as.
var forbidden = []struct {
	name  string
	chars []string
}{
	{"U+0000-U+0008", runes(0x00, 0x08)},
	{"U+000B-U+000C", runes(0x0B, 0x0C)},
	{"U+000E-U+001F", runes(0x0E, 0x1F)},
	{"U+FFFE-U+FFFF", runes(0xFFFE, 0xFFFF)},
	// Surrogate halves written as UTF-8 (CESU-8, WTF-8 or a careless
	// encoder): invalid UTF-8 to Go, all 2,048 of them.
	{"surrogates U+D800-U+DFFF", surrogates()},
	{"invalid UTF-8", []string{"\x80", "\xbf", "\xc0\xaf", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xf5\x80\x80\x80", "\xfe", "\xff"}},
}

func runes(lo, hi rune) []string {
	var out []string
	for r := lo; r <= hi; r++ {
		out = append(out, string(r))
	}
	return out
}

func surrogates() []string {
	var out []string
	for r := 0xD800; r <= 0xDFFF; r++ {
		out = append(out, string([]byte{0xED, byte(0x80 | (r>>6)&0x3F), byte(0x80 | r&0x3F)}))
	}
	return out
}

// dirtyFields are the places a string reaches the XML writers. in names
// the writers that write the field (a field neither writes still must not
// break the document); schema is false for dates, which the GEXF schema
// types as xs:date, so a dirty date can only be checked for well-formedness.
var dirtyFields = []struct {
	name   string
	in     string
	schema bool
	set    func(g *export.Graph, s string)
}{
	{"entity name", "graphml gexf", true, func(g *export.Graph, s string) { g.Entities[0].Name = s }},
	{"entity type", "graphml gexf", true, func(g *export.Graph, s string) { g.Entities[0].Type = s }},
	{"alias", "graphml gexf", true, func(g *export.Graph, s string) { g.Entities[0].Aliases = []string{"clean", s} }},
	{"object name (node from a fact)", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].Object = s }},
	{"object type", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].ObjectType = s }},
	{"relation", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].Relation = s }},
	{"evidence", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].Evidence = s }},
	{"rule", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].Rule = s }},
	{"article", "graphml gexf", true, func(g *export.Graph, s string) { g.Facts[0].Article = s }},
	{"role text", "", true, func(g *export.Graph, s string) { g.Facts[0].Role = s }},
	{"modality", "", true, func(g *export.Graph, s string) { g.Facts[0].Modality = s }},
	{"date", "graphml gexf", false, func(g *export.Graph, s string) { g.Facts[0].Date = s }},
	{"first date", "graphml gexf", false, func(g *export.Graph, s string) { g.Facts[0].FirstDate = s }},
	{"last date", "graphml gexf", false, func(g *export.Graph, s string) { g.Facts[0].LastDate = s }},
}

var xmlWriters = []struct {
	name   string
	write  func(io.Writer, export.Graph) error
	schema string
}{
	{"graphml", export.GraphML, "testdata/schema/graphml.xsd"},
	{"gexf", export.GEXF, "testdata/schema/gexf.xsd"},
}

// cleanGraph is one entity and one fact to a second entity that only the
// fact names, so both ways a node is written are covered.
func cleanGraph() export.Graph {
	return export.Graph{
		Entities: []newsgraph.Entity{{ID: 1, Name: "Alina Romanowski", Type: newsgraph.Person, Mentions: 2}},
		Metrics:  map[int64]newsgraph.Metrics{1: {EntityID: 1, PageRank: 0.5}},
		Facts: []newsgraph.Fact{{ID: 7, SubjectID: 1, Subject: "Alina Romanowski", SubjectType: newsgraph.Person,
			Relation: newsgraph.AmbassadorOf, ObjectID: 2, Object: "United States", ObjectType: newsgraph.GPE,
			Weight: 1, Confidence: 0.9, Date: "2024-03-23", Evidence: "US Ambassador Alina Romanowski said.", Rule: "title", Article: "Talks"}},
	}
}

// xmlText parses doc with encoding/xml, which rejects characters outside
// XML's Char production, and returns all its character data and attribute
// values.
func xmlText(doc []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var text []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return text, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.CharData:
			text = append(text, string(tok))
		case xml.StartElement:
			for _, a := range tok.Attr {
				text = append(text, a.Value)
			}
		}
	}
}

// TestXMLWritersForbiddenCharacters writes every character XML 1.0 forbids,
// range by range, into every string field, through each XML writer; each
// document must parse with encoding/xml, read back with the characters
// replaced by U+FFFD, and pass xmllint (against the schema, or for dates
// --noout alone) when xmllint is installed.
func TestXMLWritersForbiddenCharacters(t *testing.T) {
	dir := t.TempDir()
	var files []string // for xmllint: name, schema or ""
	for _, r := range forbidden {
		dirty := "a" + strings.Join(r.chars, "b") + "z"
		// Each character becomes one U+FFFD, each byte of invalid UTF-8
		// too: as many as a range loop over it sees runes.
		repl := make([]string, len(r.chars))
		for i, c := range r.chars {
			repl[i] = strings.Repeat("\ufffd", len([]rune(c)))
		}
		want := "a" + strings.Join(repl, "b") + "z"
		for _, f := range dirtyFields {
			for _, wr := range xmlWriters {
				t.Run(r.name+"/"+f.name+"/"+wr.name, func(t *testing.T) {
					g := cleanGraph()
					f.set(&g, dirty)
					var buf bytes.Buffer
					if err := wr.write(&buf, g); err != nil {
						t.Fatal(err)
					}
					text, err := xmlText(buf.Bytes())
					if err != nil {
						t.Fatalf("encoding/xml rejects the document: %v", err)
					}
					if !utf8.Valid(buf.Bytes()) {
						t.Error("document is not valid UTF-8")
					}
					if strings.Contains(f.in, wr.name) && !slices.ContainsFunc(text, func(s string) bool { return strings.Contains(s, want) }) {
						t.Errorf("the %s does not read back with U+FFFD in place of each forbidden character", f.name)
					}
					p := filepath.Join(dir, fmt.Sprintf("%d.%s", len(files), wr.name))
					if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					schema := ""
					if f.schema {
						schema = wr.schema
					}
					files = append(files, p, schema)
				})
			}
		}
	}
	t.Run("xmllint", func(t *testing.T) {
		if _, err := exec.LookPath("xmllint"); err != nil {
			t.Skip("xmllint not found: install libxml2-utils to check the documents with libxml2 too")
		}
		// One xmllint run per schema (and one without), over many files.
		bySchema := map[string][]string{}
		for i := 0; i < len(files); i += 2 {
			bySchema[files[i+1]] = append(bySchema[files[i+1]], files[i])
		}
		for schema, paths := range bySchema {
			args := []string{"--noout"}
			if schema != "" {
				args = append(args, "--schema", schema)
			}
			out, err := exec.Command("xmllint", append(args, paths...)...).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint %s rejects documents: %v\n%.3000s", strings.Join(args, " "), err, out)
			}
		}
	})
}

// FuzzXMLWriters writes a one-node, one-edge graph (a self-loop) with
// fuzzed strings through GraphML and GEXF; both must parse with
// encoding/xml and give the name back with only forbidden characters
// replaced.
//
//	go test ./export -run XXX -fuzz FuzzXMLWriters -fuzztime 30s
func FuzzXMLWriters(f *testing.F) {
	f.Add("Alina Romanowski", "PERSON", "Romanowski", "ambassador_of", "She said \"yes\" & <left>.", "title", "2024-03-23")
	f.Add("a\x00b\x0bc\x1f", "\xff", "\xed\xa0\x80", "\uffff\ufffe", "tab\tcr\rlf\n", "]]>", "\xc3")
	f.Add("\ufffd", "", "", "", "&#0;", "<!--", "")
	f.Fuzz(func(t *testing.T, name, typ, alias, relation, evidence, rule, date string) {
		g := export.Graph{
			Entities: []newsgraph.Entity{{ID: 1, Name: name, Type: typ, Aliases: []string{alias}}},
			Facts: []newsgraph.Fact{{ID: 1, SubjectID: 1, Subject: name, SubjectType: typ, Relation: relation,
				ObjectID: 1, Object: name, ObjectType: typ, Evidence: evidence, Rule: rule, Article: rule, Role: rule,
				Date: date, FirstDate: date, LastDate: date, Weight: 1, Confidence: 0.5}},
		}
		for _, wr := range xmlWriters {
			var buf bytes.Buffer
			if err := wr.write(&buf, g); err != nil {
				t.Fatalf("%s: %v", wr.name, err)
			}
			text, err := xmlText(buf.Bytes())
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%q", wr.name, err, buf.String())
			}
			if want := safe(name); want != "" && !slices.Contains(text, want) {
				t.Errorf("%s: name %q does not read back as %q", wr.name, name, want)
			}
		}
	})
}

// safe is what the writers are documented to make of s: each character XML
// forbids, and each byte of invalid UTF-8, becomes U+FFFD.
func safe(s string) string {
	var b strings.Builder
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd") {
			size = 1
		}
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF || size == 1 && r == utf8.RuneError {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}
