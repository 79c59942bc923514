package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/export"
)

// TestExportStreamsTheLoadedGraph: what export writes while it reads the
// database is, byte for byte, what the writers make of the same graph
// loaded into memory (entities in id order): before any analysis, with
// the stored measures, with measures computed for a filtered graph, and
// after an entity was merged.
func TestExportStreamsTheLoadedGraph(t *testing.T) {
	dir := ingestSeed(t)
	ctx := context.Background()
	check := func(when string) {
		t.Helper()
		for _, filters := range [][]string{
			nil,
			{"--relation", "meets_with,visited,citizen_of"},
			{"--entity-type", "PERSON,GPE", "--min-confidence", "0.8"},
			{"--since", "2024-01-01"},
		} {
			store, err := db.Open(ctx, filepath.Join(dir, "test.db"))
			if err != nil {
				t.Fatal(err)
			}
			gf := graphFlags{hops: 2}
			switch {
			case len(filters) == 0:
			case filters[0] == "--relation":
				gf.relations = []string{"meets_with", "visited", "citizen_of"}
			case filters[0] == "--entity-type":
				gf.entityTypes, gf.minConf = []string{"PERSON", "GPE"}, 0.8
			default:
				gf.since = "2024-01-01"
			}
			g, err := exportGraph(ctx, store, &gf)
			store.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Facts) == 0 {
				t.Fatalf("%s %v: no facts to compare", when, filters)
			}
			slices.SortFunc(g.Entities, func(a, b newsgraph.Entity) int { return cmp.Compare(a.ID, b.ID) })
			for format, write := range export.Formats {
				var want bytes.Buffer
				if err := write(&want, g.Source()); err != nil {
					t.Fatal(err)
				}
				code, got, errOut := runCLI(t, dir, "", append([]string{"export", "--format", format}, filters...)...)
				if code != 0 {
					t.Fatalf("%s export %s %v: %s", when, format, filters, errOut)
				}
				if got != want.String() {
					t.Errorf("%s export %s %v differs from the graph loaded into memory:\n%s", when, format, filters, firstLineDiff(got, want.String()))
				}
			}
		}
	}
	check("before analyze")
	if code, _, errOut := runCLI(t, dir, "", "analyze"); code != 0 {
		t.Fatal(errOut)
	}
	check("analyzed")
	if code, _, errOut := runCLI(t, dir, "", "merge", "Mohammed Shia al-Sudani", "Joe Biden"); code != 0 {
		t.Fatalf("merge: %s", errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "alias", "add", "Alina Romanowski", "The Ambassador"); code != 0 {
		t.Fatal(errOut)
	}
	check("after corrections")
}

// firstLineDiff shows the first line where got and want part.
func firstLineDiff(got, want string) string {
	g, w := bytes.Split([]byte(got), []byte("\n")), bytes.Split([]byte(want), []byte("\n"))
	for i := range min(len(g), len(w)) {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return "different lengths"
}
