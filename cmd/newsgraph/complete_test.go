package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Completion gives flag values and the database's entity names, and
// version and man work.
func TestCompletionVersionMan(t *testing.T) {
	dir := ingestSeed(t)
	for _, tc := range []struct {
		args []string
		want string
		not  string
	}{
		{[]string{"__complete", "entity", "Naj"}, "Najib Mikati", "Joe Biden"},
		{[]string{"__complete", "path", "Najib Mikati", "Joe"}, "Joe Biden", ""},
		{[]string{"__complete", "relations", "--entity", "Rom"}, "Alina Romanowski", ""},
		{[]string{"__complete", "export", "--format", ""}, "gexf", "png"},
		{[]string{"__complete", "render", "--format", ""}, "png", "gexf"},
		{[]string{"__complete", "relations", "--type", ""}, "meets_with", "PERSON"},
		{[]string{"__complete", "entities", "--type", ""}, "PERSON", "meets_with"},
		{[]string{"__complete", "neighbors", "Mikati", "--type", ""}, "visited", ""},
		{[]string{"__complete", "analyze", "--entity-type", ""}, "GPE", ""},
	} {
		code, out, errOut := runCLI(t, dir, "", tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) || tc.not != "" && strings.Contains(out, tc.not) {
			t.Errorf("%v: %d, want %q and not %q in:\n%s%s", tc.args, code, tc.want, tc.not, out, errOut)
		}
	}
	code, out, _ := runCLI(t, dir, "", "version")
	if code != 0 || !strings.Contains(out, "newsgraph "+version) || !strings.Contains(out, "embedded models ") {
		t.Errorf("version: %d %s", code, out)
	}
	man := t.TempDir()
	if code, _, errOut := runCLI(t, dir, "", "man", man); code != 0 {
		t.Fatalf("man: %d %s", code, errOut)
	}
	page, err := os.ReadFile(filepath.Join(man, "newsgraph-ingest.1"))
	if err != nil || !strings.Contains(string(page), ".TH \"NEWSGRAPH\"") || !strings.Contains(string(page), "workers") {
		t.Errorf("newsgraph-ingest.1: %v\n%.300s", err, page)
	}
}

func TestSearch(t *testing.T) {
	dir := ingestSeed(t)
	code, out, errOut := runCLI(t, dir, "", "search", "ambassador", "--json")
	if code != 0 || !strings.Contains(out, `"kind":"fact"`) || !strings.Contains(out, "Romanowski") || !strings.Contains(out, `"kind":"article"`) {
		t.Errorf("search --json: %d %.300s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "search", "zzzxqy"); code != 1 || !strings.Contains(errOut, "nothing matches") {
		t.Errorf("no match: %d %s", code, errOut)
	}
}
