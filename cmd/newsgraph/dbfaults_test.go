package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dbtest"
)

// lookups are the commands that only read, each with arguments that find
// something in the seed articles once analyzed.
var lookups = [][]string{
	{"entities"},
	{"entity", "Romanowski"},
	{"relations", "--entity", "Iraq"},
	{"path", "Romanowski", "Iraq"},
	{"quotes"},
	{"rank"},
	{"communities"},
	{"neighbors", "Iraq"},
	{"export", "--format", "graphml"},
	{"export", "--format", "gexf"},
	{"merges"},
	{"doctor"},
}

// writers are commands that write, for the refusals.
var writers = [][]string{
	{"ingest", "../../testdata/seed.txt"},
	{"analyze"},
	{"merge", "Iraq", "Baghdad"},
	{"alias", "add", "Iraq", "Mesopotamia"},
	{"migrate"},
}

// analyzedSeed is a database with the seed articles, analyzed, closed.
func analyzedSeed(t *testing.T) (dir, path string) {
	dir = ingestSeed(t)
	if code, _, errOut := runCLI(t, dir, "", "analyze"); code != 0 {
		t.Fatalf("analyze: %s", errOut)
	}
	return dir, filepath.Join(dir, "test.db")
}

// TestLookupsOnReadOnlyFile runs every look-up on a database file without
// write permission. It runs as any user, root included, because newsgraph
// goes by the permission bits here: such a file is read with immutable=1
// and nothing, not even a -shm file, is created. readonly_unix_test.go has
// the same with the system enforcing permissions on another user.
func TestLookupsOnReadOnlyFile(t *testing.T) {
	dir, path := analyzedSeed(t)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before := dbtest.Snapshot(t, dir)
	for _, args := range lookups {
		code, out, errOut := runCLI(t, dir, "", args...)
		if code != 0 || out == "" {
			t.Errorf("%s: exit %d, %d bytes out, %s", strings.Join(args, " "), code, len(out), errOut)
		}
	}
	for _, args := range writers {
		code, _, errOut := runCLI(t, dir, "", args...)
		if code != 1 || !strings.Contains(errOut, "test.db is read-only (permissions 0444). This command writes to the database; look-up commands") {
			t.Errorf("%s: exit %d, %s", strings.Join(args, " "), code, errOut)
		}
	}
	if after := dbtest.Snapshot(t, dir); after != before {
		t.Errorf("the directory changed:\n%s\nwas\n%s", after, before)
	}
}

// oldSchema makes dir/test.db as an older release left it: the first n
// migrations.
func oldSchema(t *testing.T, dir string, n int) []string {
	t.Helper()
	files, _ := filepath.Glob("../../db/migration/*.sql")
	sort.Strings(files)
	stmts := []string{`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))`}
	for _, f := range files[:n] {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(body), fmt.Sprintf(`INSERT INTO migrations (name) VALUES ('migration/%s')`, filepath.Base(f)))
	}
	dbtest.Exec(t, filepath.Join(dir, "test.db"), stmts...)
	var rest []string
	for _, f := range files[n:] {
		rest = append(rest, strings.TrimSuffix(filepath.Base(f), ".sql"))
	}
	return rest
}

func TestLookupAsksForMigrate(t *testing.T) {
	dir := t.TempDir()
	pending := oldSchema(t, dir, 3)
	before := dbtest.Snapshot(t, dir)
	code, _, errOut := runCLI(t, dir, "", "entities")
	if code != 1 || !strings.Contains(errOut, "has schema version 3 (0003_date_precision)") || !strings.Contains(errOut, "Run 'newsgraph migrate'") {
		t.Errorf("entities on an old schema: exit %d, %s", code, errOut)
	}
	if first := strings.SplitN(dbtest.Snapshot(t, dir), "\n", 2)[0]; first != strings.SplitN(before, "\n", 2)[0] {
		t.Error("a look-up changed the database file")
	}
	code, out, errOut := runCLI(t, dir, "", "migrate")
	if code != 0 || !strings.Contains(out, "applied "+strings.Join(pending, ", ")) {
		t.Errorf("migrate: exit %d, %s %s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, dir, "", "migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("migrate again: %d %s", code, out)
	}
	if code, _, errOut = runCLI(t, dir, "", "entities"); code != 0 {
		t.Errorf("entities after migrate: %d %s", code, errOut)
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	dir := ingestSeed(t)
	path := filepath.Join(dir, "test.db")
	dbtest.Exec(t, path, `INSERT INTO migrations (name) VALUES ('migration/0042_from_the_future.sql')`)
	before := dbtest.Snapshot(t, dir)
	for _, args := range append([][]string{{"entities"}, {"export"}}, writers...) {
		code, _, errOut := runCLI(t, dir, "", args...)
		if code != 1 || !strings.Contains(errOut, "was written by a newer newsgraph: its schema is at version 42 (0042_from_the_future)") {
			t.Errorf("%s: exit %d, %s", strings.Join(args, " "), code, errOut)
		}
		// Look-ups read a WAL database through -wal and -shm files they
		// leave; the database file itself is never written.
		if got := strings.SplitN(dbtest.Snapshot(t, dir), "\n", 2)[0]; got != strings.SplitN(before, "\n", 2)[0] {
			t.Fatalf("%s wrote to the database", strings.Join(args, " "))
		}
	}
}

func TestForeignDatabaseUntouched(t *testing.T) {
	dir := t.TempDir()
	dbtest.Exec(t, filepath.Join(dir, "test.db"), `CREATE TABLE bookmarks (url TEXT)`, `INSERT INTO bookmarks VALUES ('https://example.org')`)
	before := dbtest.Snapshot(t, dir)
	for _, args := range [][]string{{"ingest", "../../testdata/seed.txt"}, {"demo"}, {"entities"}} {
		code, _, errOut := runCLI(t, dir, "", args...)
		if code != 1 || !strings.Contains(errOut, "test.db is not a newsgraph database: it is an SQLite database with other tables (bookmarks) and no migrations table; it was left untouched") {
			t.Errorf("%s: exit %d, %s", strings.Join(args, " "), code, errOut)
		}
	}
	if after := dbtest.Snapshot(t, dir); after != before {
		t.Errorf("the foreign database changed:\n%s\nwas\n%s", after, before)
	}
}

func TestIngestStopsOnCorruptDatabase(t *testing.T) {
	dir := ingestSeed(t)
	dbtest.CorruptArticleIndex(t, filepath.Join(dir, "test.db"))
	in := t.TempDir()
	a, b := filepath.Join(in, "a.jsonl"), filepath.Join(in, "b.txt")
	os.WriteFile(a, []byte(`{"text":"Kenyan President William Ruto visited Addis Ababa on Saturday.","title":"Ruto"}`+"\n"+
		`{"text":"French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris."}`+"\n"), 0o644)
	os.WriteFile(b, []byte("Pope Francis visited Iraq in March."), 0o644)
	code, out, errOut := runCLI(t, dir, "", "ingest", a, b)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		`ingest stopped at ` + a + `:1 ("Ruto")`,
		"test.db is damaged (find article: database disk image is malformed",
		"PRAGMA quick_check answers:\n  *** in database main ***\n  Tree ",
		"sqlite_autoindex_articles_1",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Count(errOut, "quick_check") != 1 {
		t.Errorf("the damage is reported more than once:\n%s", errOut)
	}
	if !strings.Contains(out, "1 articles read: 0 new, 0 duplicates, 1 failed") {
		t.Errorf("ingest went on after the first error: %s", out)
	}
	code, out, _ = runCLI(t, dir, "", "ingest", "--json", a, b)
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 1 || sum.Articles != 1 || sum.Failed != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "quick_check") {
		t.Errorf("--json: exit %d %+v %v", code, sum, err)
	}
}
