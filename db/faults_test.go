package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dbtest"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// migrationFiles lists the migrations in db/migration, in order.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("migration/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal("no migrations", err)
	}
	sort.Strings(names)
	return names
}

// oldDatabase builds, without newsgraph, the database an older release
// left: the first n migrations applied and recorded.
func oldDatabase(t *testing.T, path string, n int) {
	t.Helper()
	stmts := []string{`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))`}
	for _, f := range migrationFiles(t)[:n] {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(body), fmt.Sprintf(`INSERT INTO migrations (name) VALUES ('%s')`, filepath.ToSlash(f)))
	}
	dbtest.Exec(t, path, stmts...)
}

// ours is this release's schema version as messages write it.
func ours(t *testing.T) string {
	files := migrationFiles(t)
	last := strings.TrimSuffix(filepath.Base(files[len(files)-1]), ".sql")
	return fmt.Sprintf("%d (%s)", len(files), last)
}

func TestOpenRefusesForeignSQLiteUntouched(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		stmts []string
		want  string
	}{
		{"other tables", []string{`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`, `INSERT INTO notes (body) VALUES ('keep me')`}, "other tables (notes)"},
		{"other tables in WAL mode", []string{`PRAGMA journal_mode = WAL`, `CREATE TABLE notes (body TEXT)`, `INSERT INTO notes VALUES ('keep me')`}, "other tables (notes)"},
		{"another program's migrations table", []string{`CREATE TABLE migrations (id INTEGER PRIMARY KEY, migration TEXT, batch INTEGER)`, `INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_create_users_table', 1)`}, "its migrations table is not newsgraph's"},
		{"other migration names", []string{`CREATE TABLE migrations (name TEXT PRIMARY KEY)`, `INSERT INTO migrations VALUES ('20240101_create_users')`}, `records "20240101_create_users"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "other.db")
			dbtest.Exec(t, path, c.stmts...)
			before := dbtest.Snapshot(t, dir)
			for name, open := range map[string]func(context.Context, string) (*db.DB, error){
				// With the single-writer lock, as the commands open it: no lock file either.
				"Open":         func(ctx context.Context, p string) (*db.DB, error) { return db.Open(ctx, p, db.SingleWriter(nil)) },
				"OpenReadOnly": db.OpenReadOnly,
			} {
				store, err := open(ctx, path)
				if err == nil {
					store.Close()
					t.Fatalf("%s accepted a foreign database", name)
				}
				if db.ErrorCode(err) != db.ENotNewsgraph || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: %v (code %q)", name, err, db.ErrorCode(err))
				}
				// Open leaves the directory as it was. OpenReadOnly leaves
				// the file as it was; reading a WAL database (with mode=ro)
				// leaves an empty -wal and a -shm beside it.
				after, was := dbtest.Snapshot(t, dir), before
				if name == "OpenReadOnly" {
					after, was = first(after), first(was)
				}
				if after != was {
					t.Errorf("%s changed the directory:\n%s\nwas\n%s", name, after, was)
				}
			}
		})
	}
}

func TestOpenRejectsNonDatabaseUntouched(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.db")
	os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 100)), 0o644)
	before := dbtest.Snapshot(t, dir)
	_, err := db.Open(context.Background(), path)
	if db.ErrorCode(err) != db.ENotNewsgraph || !strings.Contains(err.Error(), "not an SQLite file") {
		t.Errorf("err = %v", err)
	}
	if dbtest.Snapshot(t, dir) != before {
		t.Error("the file or directory changed")
	}
}

func TestOpenCreatesEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.OpenReadOnly(ctx, path); db.ErrorCode(err) != db.EMigrate || !strings.Contains(err.Error(), "is empty") {
		t.Errorf("read-only open of an empty file: %v", err)
	}
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if got := len(store.Migrated()); got != len(migrationFiles(t)) || store.Version() != ours(t) {
		t.Errorf("%d migrations applied, version %s", got, store.Version())
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	store := MustOpenAt(t, path)
	ingestSeed(t, store)
	store.Close()
	dbtest.Exec(t, path, `INSERT INTO migrations (name) VALUES ('migration/0099_future.sql')`)
	before := dbtest.Snapshot(t, dir)
	for name, open := range map[string]func(context.Context, string) (*db.DB, error){
		// With the single-writer lock, as the commands open it: no lock file either.
		"Open":         func(ctx context.Context, p string) (*db.DB, error) { return db.Open(ctx, p, db.SingleWriter(nil)) },
		"OpenReadOnly": db.OpenReadOnly,
	} {
		store, err := open(ctx, path)
		if err == nil {
			store.Close()
			t.Fatalf("%s accepted a database from a newer release", name)
		}
		msg := err.Error()
		if db.ErrorCode(err) != db.ENewer || !strings.Contains(msg, "version 99 (0099_future)") || !strings.Contains(msg, "up to "+ours(t)) {
			t.Errorf("%s: %v", name, err)
		}
		if first(dbtest.Snapshot(t, dir)) != first(before) {
			t.Errorf("%s wrote to the database", name)
		}
	}
}

// MustOpenAt opens a database at path and closes it at the end of the test.
func MustOpenAt(tb testing.TB, path string) *db.DB {
	tb.Helper()
	store, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return store
}

func TestOpenReadOnlyNeverWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "g.db")
	w := MustOpenAt(t, path)
	arts := ingestSeed(t, w)
	w.Close() // the WAL is checkpointed into the file and removed
	before := dbtest.Snapshot(t, dir)
	store, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := store.Entities(ctx, db.EntityFilter{})
	if err != nil || len(ents) < 10 {
		t.Errorf("%d entities, %v", len(ents), err)
	}
	if store.Version() != ours(t) {
		t.Errorf("version %q", store.Version())
	}
	art := arts[0]
	art.Text += " More text."
	if _, err := store.StoreArticle(ctx, art, newsgraph.Extraction{}); err == nil {
		t.Error("a read-only database stored an article")
	}
	store.Close()
	// A read-only open leaves an empty -wal and a -shm file (SQLite reads a
	// WAL database through them); the database file itself is unchanged.
	after := dbtest.Snapshot(t, dir)
	if first(after) != first(before) {
		t.Errorf("the database file changed:\n%s\nwas\n%s", after, before)
	}
}

// first is the first line of a snapshot: the database file.
func first(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func TestOpenReadOnlyRefusesOldSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	oldDatabase(t, path, 3)
	before := dbtest.Snapshot(t, dir)
	_, err := db.OpenReadOnly(ctx, path)
	if db.ErrorCode(err) != db.EMigrate || !strings.Contains(err.Error(), "schema version 3 (0003_date_precision)") || !strings.Contains(err.Error(), "needs version "+ours(t)) {
		t.Errorf("err = %v", err)
	}
	if first(dbtest.Snapshot(t, dir)) != first(before) {
		t.Error("a read-only open changed an old database")
	}
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{}
	for _, f := range migrationFiles(t)[3:] {
		want = append(want, strings.TrimSuffix(filepath.Base(f), ".sql"))
	}
	if !slices.Equal(store.Migrated(), want) {
		t.Errorf("Open applied %v, want %v", store.Migrated(), want)
	}
	store.Close()
	store, err = db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("after migrating: %v", err)
	}
	store.Close()
}

// TestReadOnlyFile covers a file with no write permission (chmod 444). It
// runs as any user, root included: newsgraph goes by the permission bits
// there (Open refuses the file even to root; OpenReadOnly reads it with
// immutable=1 and creates no -shm). What the system enforces for users
// other than root, and a read-only directory, are tested through the CLI
// as an unprivileged user (cmd/newsgraph readonly_unix_test.go).
func TestReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "g.db")
	w := MustOpenAt(t, path)
	ingestSeed(t, w)
	w.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before := dbtest.Snapshot(t, dir)
	_, err := db.Open(ctx, path)
	if db.ErrorCode(err) != db.EReadOnly || !strings.Contains(err.Error(), "g.db is read-only") {
		t.Errorf("Open: %v", err)
	}
	store, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if ents, err := store.Entities(ctx, db.EntityFilter{}); err != nil || len(ents) == 0 {
		t.Errorf("%d entities, %v", len(ents), err)
	}
	store.Close()
	if after := dbtest.Snapshot(t, dir); after != before {
		t.Errorf("the directory changed:\n%s\nwas\n%s", after, before)
	}
}

// TestReadOnlyFileWithWAL: a -wal file holding committed changes is read,
// never skipped, even where the file is read-only.
func TestReadOnlyFileWithWAL(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "g.db")
	store := MustOpenAt(t, src)
	ingestSeed(t, store)
	want, _ := store.Stats(ctx)
	// Copy the database and its WAL while it is open, as a crash would
	// leave them: the articles are in the -wal only.
	dir := t.TempDir()
	path := filepath.Join(dir, "g.db")
	for _, ext := range []string{"", "-wal"} {
		body, err := os.ReadFile(src + ext)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+ext, body, 0o444); err != nil {
			t.Fatal(err)
		}
	}
	if info, _ := os.Stat(path + "-wal"); info.Size() == 0 {
		t.Fatal("the -wal is empty: the test needs committed pages in it")
	}
	ro, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, err := ro.Stats(ctx)
	if err != nil || got != want {
		t.Errorf("read %+v (%v), want %+v", got, err, want)
	}
}

func TestStoreOnCorruptDatabaseRunsQuickCheck(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	store := MustOpenAt(t, path)
	arts := ingestSeed(t, store)
	store.Close()
	dbtest.CorruptArticleIndex(t, path)
	// Opening stays cheap and does not notice: it reads the schema only.
	store = MustOpenAt(t, path)
	art := arts[0]
	art.Text += " One more sentence."
	_, err := store.StoreArticle(ctx, art, newsgraph.Extraction{})
	var e *db.Error
	if !errors.As(err, &e) || e.Code != db.ECorrupt {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"g.db is damaged", "malformed", "PRAGMA quick_check answers:", "sqlite_autoindex_articles_1", ".recover"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	// Errors that are not the file's pass through unchanged.
	plain := errors.New("no entity named x")
	if store.Diagnose(ctx, plain) != plain || store.Diagnose(ctx, nil) != nil {
		t.Error("Diagnose changed an error that is not about the file")
	}
}

// TestStoreOnFullDisk: once the file cannot grow (PRAGMA max_page_count
// stands in for a full disk: SQLite answers both with SQLITE_FULL), storing
// fails with EFull, and the articles stored before are whole.
func TestStoreOnFullDisk(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	store.SQL().SetMaxOpenConns(1) // the pragma is the connection's
	var pages int
	if err := store.SQL().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SQL().Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+8)); err != nil {
		t.Fatal(err)
	}
	stored := 0
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		a, ex := namesArticle(i, fmt.Sprintf("Person%d Name%d", i, i), strings.Repeat("Long Name ", 20)+fmt.Sprint(i))
		if _, err = store.StoreArticle(ctx, a, ex); err == nil {
			stored++
		}
	}
	if db.ErrorCode(err) != db.EFull || !strings.Contains(err.Error(), "the disk is full") || !strings.Contains(err.Error(), "database or disk is full") {
		t.Fatalf("after %d articles: %v (code %q)", stored, err, db.ErrorCode(err))
	}
	var articles, mentionless int
	var check string
	store.SQL().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&articles)
	store.SQL().QueryRow(`SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)`).Scan(&mentionless)
	store.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if stored == 0 || articles != stored || mentionless != 0 || check != "ok" {
		t.Errorf("%d stored, %d articles in the file, %d without their mentions, integrity_check %q", stored, articles, mentionless, check)
	}
}
