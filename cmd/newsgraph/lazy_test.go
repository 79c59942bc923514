package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// lookupDirEnv names the database directory for the child process of
// TestLookupsLoadNoExtraction.
const lookupDirEnv = "NEWSGRAPH_TEST_LOOKUP_DIR"

// TestLookupsLoadNoExtraction checks that commands which extract nothing
// build none of extraction's tables (lexicons, gazetteer, clusters, models,
// confidences, patterns), which cost about 85 ms and 19 MB when built.
// Other tests here extract in this process, so the look-ups run in a fresh
// one: this test binary again, with only this test.
func TestLookupsLoadNoExtraction(t *testing.T) {
	if dir := os.Getenv(lookupDirEnv); dir != "" {
		lookupsInThisProcess(t, dir)
		return
	}
	dir := ingestSeed(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLookupsLoadNoExtraction$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), lookupDirEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("look-ups in a fresh process: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestLookupsLoadNoExtraction") {
		t.Fatalf("the fresh process ran no look-ups:\n%s", out)
	}
}

func lookupsInThisProcess(t *testing.T, dir string) {
	if got := lazy.Loaded(); len(got) > 0 {
		t.Fatalf("built at start-up: %v", got)
	}
	for _, args := range [][]string{
		{"--help"},
		{"--version"},
		{"ingest", "--help"},
		{"entities"},
		{"entities", "--type", "person", "--json"},
		{"entity", "romanowski"},
		{"relations", "--entity", "Joe Biden"},
		{"path", "Romanowski", "Joe Biden"},
		{"quotes", "--speaker", "Romanowski"},
		{"analyze"},
		{"rank", "--by", "pagerank"},
		{"communities"},
		{"neighbors", "Romanowski", "--depth", "2"},
		{"export", "--format", "graphml", "-o", filepath.Join(dir, "out.graphml")},
		{"merges"},
		{"doctor"},
	} {
		code, _, errOut := runCLI(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%s: exit %d %s", strings.Join(args, " "), code, errOut)
		}
		if got := lazy.Loaded(); len(got) > 0 {
			t.Fatalf("%s built %v", strings.Join(args, " "), got)
		}
	}
	// The record is not empty by construction: extracting builds the lexicon.
	if code, _, errOut := runCLI(t, dir, "Iraqi Prime Minister Mohammed Shia al-Sudani met Joe Biden.", "extract", "-"); code != 0 {
		t.Fatalf("extract: exit %d %s", code, errOut)
	}
	// extract.New loads every model and table at once, side by side.
	got := lazy.Loaded()
	for _, want := range []string{"lexicon", "clusters", "tagger", "relation-model", "confidences", "calibration"} {
		if !slices.Contains(got, want) {
			t.Errorf("extract built %v, no %s", got, want)
		}
	}
}
