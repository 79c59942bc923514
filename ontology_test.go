package newsgraph_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

var update = flag.Bool("update", false, "rewrite docs/ONTOLOGY.md from the ontology")

// ontologyDoc renders the ontology as the page docs/ONTOLOGY.md.
func ontologyDoc() string {
	var b strings.Builder
	b.WriteString(`# Relation types

The relations newsgraph extracts, as the ` + "`relation_types`" + ` table of every
database describes them. A relation points from its subject to its object;
a symmetric one is stored once, the entity with the lower id as subject.
This page is generated from the ontology in ` + "`newsgraph.go`" + ` by
` + "`go test . -update`" + `; a test keeps the two equal.

| relation | subject | object | symmetric | meaning |
|---|---|---|---|---|
`)
	for _, r := range newsgraph.Ontology {
		sym := "no"
		if r.Symmetric {
			sym = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.Name, strings.Join(r.SubjectTypes, ", "), strings.Join(r.ObjectTypes, ", "), sym, r.Description)
	}
	return b.String()
}

func TestOntologyDoc(t *testing.T) {
	want := ontologyDoc()
	if *update {
		if err := os.WriteFile("docs/ONTOLOGY.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("docs/ONTOLOGY.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("docs/ONTOLOGY.md differs from the ontology: run go test . -update")
	}
	seen := map[string]bool{}
	for _, r := range newsgraph.Ontology {
		if seen[r.Name] || r.Description == "" || len(r.SubjectTypes) == 0 || len(r.ObjectTypes) == 0 {
			t.Errorf("relation type %q is repeated or incomplete", r.Name)
		}
		seen[r.Name] = true
	}
}
