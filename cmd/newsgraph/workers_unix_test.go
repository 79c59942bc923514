//go:build unix

package main

import (
	"path/filepath"
	"testing"
)

// The database ingest makes does not depend on how many articles are
// extracted side by side: the same corpus (built so that entity merges
// depend on the order articles land in) with 1 and 4 workers gives the
// same contents, ids included.
func TestIngestWorkersSameDatabase(t *testing.T) {
	resolutionFiles(t)
	var dumps []dump
	for _, w := range []string{"1", "4"} {
		dir := t.TempDir()
		if code, out, errOut := runCLI(t, dir, "", "ingest", "--workers", w, corpus.all); code != 0 {
			t.Fatalf("--workers %s: %d %s %s", w, code, out, errOut)
		}
		dumps = append(dumps, dumpDB(t, filepath.Join(dir, "test.db"), corpus.dir))
	}
	sameDump(t, dumps[1], dumps[0], "4 workers against 1")
}

// extract prints the same records in the same order with any number of
// workers.
func TestExtractWorkersSameOutput(t *testing.T) {
	resolutionFiles(t)
	var outs []string
	for _, w := range []string{"1", "3"} {
		code, out, errOut := runCLI(t, t.TempDir(), "", "extract", "--workers", w, corpus.all)
		if code != 0 || out == "" {
			t.Fatalf("--workers %s: %d %s", w, code, errOut)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Error("extract with 3 workers printed other records, or in another order, than with 1")
	}
}
