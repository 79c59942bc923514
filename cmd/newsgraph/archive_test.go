package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/graph"
)

var (
	archive     = flag.Bool("archive", false, "measure the commands on an archive-sized database (100k entities, 500k relations) and print the table of docs/PERFORMANCE.md")
	archiveRows = flag.String("archive.rows", "", "with -archive: only the rows whose name matches this regular expression")
)

// archiveDB returns an archive-sized database of the project's schema: a
// heavy-tailed synthetic graph of 100,000 entities and about 500,000
// relations (graph.Generate, seed 1) bulk-loaded once and kept in the
// temporary directory under a name that changes with the schema, so later
// runs reuse it.
func archiveDB(tb testing.TB) string {
	tb.Helper()
	files, _ := filepath.Glob("../../db/migration/*.sql")
	path := filepath.Join(os.TempDir(), fmt.Sprintf("newsgraph-archive-100k-v%d.db", len(files)))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".building"
	os.Remove(tmp)
	ctx := context.Background()
	store, err := db.Open(ctx, tmp)
	if err != nil {
		tb.Fatal(err)
	}
	ents, facts := graph.Generate(100_000, 5, 1)
	start := time.Now()
	if err := store.BulkLoad(ctx, ents, facts, 5); err != nil {
		tb.Fatal(err)
	}
	store.Close()
	tb.Logf("built %s: %d entities, %d relations in %s", path, len(ents), len(facts), time.Since(start).Round(time.Second))
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Rename(tmp+suffix, path+suffix)
	}
	return path
}

// TestArchiveTable prints, for each command users run, its wall time and
// peak memory as one process on the archive database (median of three
// runs): go test ./cmd/newsgraph -run TestArchiveTable -archive -v
func TestArchiveTable(t *testing.T) {
	if !*archive {
		t.Skip("run with -archive to measure the commands on a 100k/500k database")
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("needs /usr/bin/time for peak memory")
	}
	path := archiveDB(t)
	bin := filepath.Join(t.TempDir(), "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// A hub and an ordinary entity of the synthetic graph.
	const hub, mid = "Entity 3", "Entity 4242"
	rows := []struct {
		name string
		argv []string
	}{
		{"sqlite3 facts where subject = X", []string{"sqlite3", path, fmt.Sprintf("SELECT subject, relation, object FROM facts WHERE subject = '%s'", mid)}},
		{"relations --entity X", []string{bin, "--db", path, "relations", "--entity", mid}},
		{"entity X", []string{bin, "--db", path, "entity", mid}},
		{"path A B", []string{bin, "--db", path, "path", mid, "Entity 77777"}},
		{"neighbors X --depth 2", []string{bin, "--db", path, "neighbors", mid, "--depth", "2"}},
		{"relations --entity hub", []string{bin, "--db", path, "relations", "--entity", hub}},
		{"analyze", []string{bin, "--db", path, "analyze"}},
		{"export --format graphml", []string{bin, "--db", path, "export", "--format", "graphml", "-o", filepath.Join(t.TempDir(), "a.graphml")}},
		{"export --format gexf", []string{bin, "--db", path, "export", "--format", "gexf", "-o", filepath.Join(t.TempDir(), "a.gexf")}},
		{"export --format json", []string{bin, "--db", path, "export", "--format", "json", "-o", filepath.Join(t.TempDir(), "a.json")}},
		{"export --format dot", []string{bin, "--db", path, "export", "--format", "dot", "-o", filepath.Join(t.TempDir(), "a.dot")}},
		{"export --around X --hops 2", []string{bin, "--db", path, "export", "--format", "graphml", "--around", mid, "--hops", "2", "-o", filepath.Join(t.TempDir(), "ego.graphml")}},
	}
	var table bytes.Buffer
	fmt.Fprintf(&table, "| what | wall (s) | peak memory (MB) |\n|---|---|---|\n")
	for _, r := range rows {
		if !regexp.MustCompile(*archiveRows).MatchString(r.name) {
			continue
		}
		if _, err := exec.LookPath(r.argv[0]); err != nil {
			fmt.Fprintf(&table, "| `%s` | (no %s) | |\n", r.name, r.argv[0])
			continue
		}
		var walls []float64
		var peak float64
		for i := 0; i < 3; i++ {
			cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%e %M"}, r.argv...)...)
			var errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = nil, &errOut
			if err := cmd.Run(); err != nil {
				t.Errorf("%s: %v\n%s", r.name, err, errOut.String())
				break
			}
			lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
			f := strings.Fields(lines[len(lines)-1])
			w, _ := strconv.ParseFloat(f[0], 64)
			kb, _ := strconv.ParseFloat(f[1], 64)
			walls = append(walls, w)
			peak = max(peak, kb/1024)
		}
		if len(walls) == 0 {
			continue
		}
		sort.Float64s(walls)
		fmt.Fprintf(&table, "| `%s` | %.2f | %.0f |\n", r.name, walls[len(walls)/2], peak)
	}
	t.Logf("\n%s", table.String())
}
