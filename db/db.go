// Package db stores the knowledge graph in one SQLite file. It owns the
// schema (embedded, ordered migrations recorded in a table) and all SQL.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/newsgraph/newsgraph"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open newsgraph database.
type DB struct {
	sql       *sql.DB
	path      string
	readOnly  bool            // opened by OpenReadOnly
	version   string          // the schema version, "5 (0005_models)"
	migrated  []string        // migrations this Open applied
	symmetric map[string]bool // relation type -> symmetric
	entityIDs map[entityKey]int64
	index     *entityIndex // nil until read beside the first batches, and after a correction
	loading   *indexLoad   // the index being read, or nil
	lock      *writerLock  // the single-writer lock, held until Close (SingleWriter)
	cache     stmtCache    // statements prepared once (prepared.go)
}

type entityKey struct{ name, typ string }

// Open opens the database at path for reading and writing, creating it when
// the file does not exist or is empty. Before it writes anything it refuses,
// with an *Error, a file that is not SQLite or is an SQLite database of
// something else (ENotNewsgraph: left byte for byte as it was), one written
// by a newer newsgraph (ENewer), and a file or directory it cannot write
// (EReadOnly). Then it turns on WAL, applies pending migrations, records the
// ontology and fills in normalised names.
//
// With SingleWriter it first waits for, and takes, the single-writer lock
// (lock.go), after refusing what it refuses, so that a foreign file gets
// no lock file beside it.
//
// Open stays cheap on big files: it reads the schema and the migrations
// table, nothing else. Damage is diagnosed when something fails (Diagnose).
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
		if info.Mode().Perm()&0o222 == 0 {
			// No one may write it: refused even to root, whom the system
			// would let write, since readers rely on it (OpenReadOnly).
			return nil, &Error{Code: EReadOnly, Path: path, Message: fmt.Sprintf("%s is read-only (permissions %04o)", path, info.Mode().Perm())}
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
				return nil, readOnlyError(path, err)
			}
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		f.Close()
	}
	// No journal_mode here: turning on WAL rewrites the file's header, which
	// must wait until the file is known to be ours.
	//
	// _txlock=immediate: every transaction begins with BEGIN IMMEDIATE,
	// taking the write lock first. A transaction that begins by reading
	// (storing an article first looks for it) and only then writes cannot
	// wait for another writer: SQLite fails it at once with "database is
	// locked" (SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT, 517, when the other
	// committed meanwhile), since waiting could deadlock. BEGIN IMMEDIATE
	// waits its turn under busy_timeout instead. Readers in WAL mode are not
	// blocked by it.
	//
	// wal_autocheckpoint: the WAL is copied into the database file once it
	// holds 10,000 pages (40 MB) rather than SQLite's 1,000. A page that
	// many transactions change (an index's inner pages) is copied once per
	// checkpoint, however often it was written to the WAL: ingesting the
	// second 10,000 of 20,000 synthetic articles went from 24k-26k to 32k
	// words/s (docs/PERFORMANCE.md, "Ingest").
	uri := url.Values{"_txlock": {"immediate"}}
	sqldb, err := sql.Open("sqlite", dsn(path, uri, "foreign_keys(1)", "synchronous(NORMAL)", busyTimeout, "cache_size(-65536)", "wal_autocheckpoint(10000)", "temp_store(MEMORY)"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{sql: sqldb, path: path, symmetric: map[string]bool{}, entityIDs: map[entityKey]int64{}}
	if err := db.open(ctx, o); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) open(ctx context.Context, o openOptions) error {
	st, err := db.readSchema(ctx)
	if err != nil {
		return err
	}
	if err := st.refuse(db.path); err != nil {
		return err
	}
	if o.singleWriter {
		if db.lock, err = lockWriter(ctx, db.path, o.onWait); err != nil {
			return err
		}
		// The writer that held the lock may have changed the file
		// (migrated it, with a newer newsgraph): read it again.
		if st, err = db.readSchema(ctx); err != nil {
			return err
		}
		if err := st.refuse(db.path); err != nil {
			return err
		}
	}
	if _, err := db.sql.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return db.openError(ctx, err)
	}
	if err := db.migrate(ctx); err != nil {
		return db.openError(ctx, err)
	}
	if err := db.syncRelationTypes(ctx, newsgraph.Ontology); err != nil {
		return db.openError(ctx, err)
	}
	if err := db.refreshFacts(ctx); err != nil {
		return db.openError(ctx, err)
	}
	if err := db.indexLeftovers(ctx); err != nil {
		return db.openError(ctx, err)
	}
	if err := db.backfillNorm(ctx); err != nil {
		return db.openError(ctx, err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	db.version = version(names[len(names)-1])
	return nil
}

// OpenReadOnly opens an existing database for look-ups. It never writes to
// the file, nor creates it: SQLite opens it with mode=ro (or immutable=1,
// below) and every connection has query_only set. It refuses what Open
// refuses, and a database whose schema is older than this newsgraph's
// (EMigrate), since upgrading it writes.
//
// SQLite reads a WAL database through a -shm file beside it, which it
// creates when missing (with the database file's permissions), so two
// cases need care, both handled by opening with immutable=1, which reads
// the main file alone, without locks, -wal or -shm:
//
//   - A file no one may write (no write permission bits, chmod 444) and no
//     -shm file: nobody can be writing it (Open refuses such a file, even
//     to root), and a -shm created now would be read-only too and would
//     stop the next writer once the file is made writable again.
//   - A read-only directory with no -shm file: SQLite cannot create one
//     and mode=ro fails. No one can be writing the database then either: a
//     writer in WAL mode keeps a -shm file (and one in rollback mode a
//     journal), which nobody can create in that directory.
//
// In both, a -wal file with content would hold committed changes that
// immutable=1 does not see: the first case then reads with mode=ro, and the
// second is refused rather than answered from older data.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	info, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	_, shmErr := os.Stat(path + "-shm")
	noShm := errors.Is(shmErr, fs.ErrNotExist)
	walContent := false
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		walContent = true
	}
	if info.Mode().Perm()&0o222 == 0 && noShm && !walContent {
		return openReadOnly(ctx, path, true)
	}
	db, err := openReadOnly(ctx, path, false)
	if err == nil || !noShm || !needsShm(err) {
		return db, err
	}
	if walContent {
		return nil, &Error{Code: EReadOnly, Path: path, Err: err, Message: fmt.Sprintf(
			"%s cannot be read here: %s-wal holds changes not yet copied into it, and SQLite reads them through a %s-shm file it cannot create in the read-only directory %s. Run any newsgraph command on it once where the directory is writable, or copy %s and %s-wal to a writable place",
			path, path, path, filepath.Dir(path), path, path)}
	}
	return openReadOnly(ctx, path, true)
}

// needsShm says whether opening with mode=ro failed for want of a -shm
// file SQLite could not create (see OpenReadOnly).
func needsShm(err error) bool {
	code := sqliteCode(err)
	return code == sqliteReadOnlyDirectory || code&0xff == sqliteCantOpen
}

func openReadOnly(ctx context.Context, path string, immutable bool) (*DB, error) {
	uri := url.Values{"mode": {"ro"}}
	if immutable {
		uri.Set("immutable", "1")
	}
	sqldb, err := sql.Open("sqlite", dsn(path, uri, busyTimeout, "cache_size(-65536)", "query_only(1)"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{sql: sqldb, path: path, readOnly: true, symmetric: map[string]bool{}, entityIDs: map[entityKey]int64{}}
	if err := db.openForReading(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) openForReading(ctx context.Context) error {
	st, err := db.readSchema(ctx)
	if err != nil {
		return err
	}
	if err := st.refuse(db.path); err != nil {
		return err
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	ours := version(names[len(names)-1])
	if len(st.applied) == 0 {
		return &Error{Code: EMigrate, Path: db.path, Message: fmt.Sprintf(
			"%s is empty: it has no newsgraph schema yet, and creating it writes to the file", db.path)}
	}
	var pending []string
	for _, n := range names {
		if !slices.Contains(st.applied, n) {
			pending = append(pending, n)
		}
	}
	if len(pending) > 0 {
		theirs := version(st.applied[len(st.applied)-1])
		return &Error{Code: EMigrate, Path: db.path, Message: fmt.Sprintf(
			"%s has schema version %s and this newsgraph needs version %s; upgrading it writes to the file",
			db.path, theirs, ours)}
	}
	// Names a crash left without their normalised form (Open fills them in).
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM entities WHERE norm = ''`)
	if err != nil {
		return db.openError(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return db.openError(ctx, err)
		}
		if Normalize(name) != "" {
			return &Error{Code: EMigrate, Path: db.path, Message: fmt.Sprintf(
				"%s has entity names not yet normalised for matching (%q); filling them in writes to the file", db.path, name)}
		}
	}
	if err := rows.Err(); err != nil {
		return db.openError(ctx, err)
	}
	db.version = ours
	return nil
}

// busyTimeoutMS is how long a connection waits for a lock another holds
// before SQLite gives up with "database is locked".
const busyTimeoutMS = 10000

var busyTimeout = fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS)

// dsn returns the driver's data source name for path: an SQLite URI, so
// that uri's parameters (mode, immutable; the driver's own, such as
// _txlock, are the driver's) reach SQLite, with the path
// escaped where a URI would misread it, and the pragmas the driver runs on
// every new connection.
func dsn(path string, uri url.Values, pragmas ...string) string {
	q := url.Values{}
	for k, v := range uri {
		q[k] = v
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?" + q.Encode()
}

// schemaState is what a database file holds before newsgraph touches it.
type schemaState struct {
	tables  []string // its tables, by name
	applied []string // the migrations recorded, in order; nil without a migrations table
}

// readSchema reads the tables and recorded migrations. It only reads.
func (db *DB) readSchema(ctx context.Context) (schemaState, error) {
	var st schemaState
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		if sqliteCode(err)&0xff == sqliteNotADB {
			return st, &Error{Code: ENotNewsgraph, Path: db.path, Err: err,
				Message: fmt.Sprintf("%s is not a newsgraph database: it is not an SQLite file", db.path)}
		}
		return st, db.openError(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return st, db.openError(ctx, err)
		}
		st.tables = append(st.tables, name)
	}
	if err := rows.Err(); err != nil {
		return st, db.openError(ctx, err)
	}
	if !slices.Contains(st.tables, "migrations") {
		return st, nil
	}
	mrows, err := db.sql.QueryContext(ctx, `SELECT name FROM migrations ORDER BY name`)
	if err != nil {
		if d := db.openError(ctx, err); ErrorCode(d) != "" {
			return st, d
		}
		// Another program's migrations table, of another shape.
		return st, &Error{Code: ENotNewsgraph, Path: db.path, Err: err, Message: fmt.Sprintf(
			"%s is not a newsgraph database: its migrations table is not newsgraph's (%v); it was left untouched", db.path, err)}
	}
	defer mrows.Close()
	st.applied = []string{}
	for mrows.Next() {
		var name string
		if err := mrows.Scan(&name); err != nil {
			return st, db.openError(ctx, err)
		}
		st.applied = append(st.applied, name)
	}
	return st, db.openError(ctx, mrows.Err())
}

// refuse returns an *Error when the file is not newsgraph's, or is from a
// newer newsgraph; nil for a new, empty, older or current database.
func (st schemaState) refuse(path string) error {
	if st.applied == nil {
		if len(st.tables) == 0 {
			return nil // new or empty: newsgraph creates its schema
		}
		shown := st.tables
		more := ""
		if len(shown) > 5 {
			shown, more = shown[:5], fmt.Sprintf(" and %d more", len(st.tables)-5)
		}
		return &Error{Code: ENotNewsgraph, Path: path, Message: fmt.Sprintf(
			"%s is not a newsgraph database: it is an SQLite database with other tables (%s%s) and no migrations table; it was left untouched",
			path, strings.Join(shown, ", "), more)}
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	for _, a := range st.applied {
		if !ourMigration.MatchString(a) {
			return &Error{Code: ENotNewsgraph, Path: path, Message: fmt.Sprintf(
				"%s is not a newsgraph database: its migrations table records %q, which is not a newsgraph migration; it was left untouched", path, a)}
		}
	}
	for _, a := range st.applied {
		if !slices.Contains(names, a) {
			return &Error{Code: ENewer, Path: path, Message: fmt.Sprintf(
				"%s was written by a newer newsgraph: its schema is at version %s (it has migration %s), and this newsgraph knows versions up to %s. Use a newsgraph at least as new; nothing was changed",
				path, version(st.applied[len(st.applied)-1]), strings.TrimPrefix(a, "migration/"), version(names[len(names)-1]))}
		}
	}
	return nil
}

// ourMigration matches the names newsgraph records in its migrations
// table, known or from a newer release.
var ourMigration = regexp.MustCompile(`^migration/[0-9]{4}_[a-z0-9_]+\.sql$`)

// version names a migration as a schema version: "5 (0005_models)".
func version(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), ".sql")
	digits := strings.IndexFunc(base, func(r rune) bool { return r < '0' || r > '9' })
	if digits < 0 {
		digits = len(base)
	}
	if n, err := strconv.Atoi(base[:digits]); err == nil {
		return fmt.Sprintf("%d (%s)", n, base)
	}
	return base
}

// openError says what is wrong with the file when err comes from the file
// itself (Diagnose), and otherwise wraps err with the path.
func (db *DB) openError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if d := db.Diagnose(ctx, err); ErrorCode(d) != "" {
		return d
	}
	return fmt.Errorf("open %s: %w", db.path, err)
}

// readOnlyError says that path cannot be written, and why: the file, the
// -shm or -wal file SQLite keeps beside it, or the directory.
func readOnlyError(path string, cause error) *Error {
	e := &Error{Code: EReadOnly, Path: path, Err: cause}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.Message = fmt.Sprintf("%s is read-only (permission denied)", path)
		return e
	case errors.Is(err, syscall.EROFS):
		e.Message = fmt.Sprintf("%s is on a read-only file system", path)
		return e
	case err == nil:
		f.Close()
	}
	for _, side := range []string{path + "-shm", path + "-wal"} {
		f, err := os.OpenFile(side, os.O_RDWR, 0)
		if err == nil {
			f.Close()
		} else if errors.Is(err, fs.ErrPermission) {
			e.Message = fmt.Sprintf("%s cannot be written: %s, which SQLite keeps beside it, is read-only (created by another user, or while %s was read-only); make it writable, or remove it while nothing has the database open", path, side, filepath.Base(path))
			return e
		}
	}
	if sqliteCode(cause) == sqliteReadOnlyDirectory {
		e.Message = fmt.Sprintf("%s cannot be written: its directory %s is read-only, and SQLite keeps %s-wal and %s-shm beside the database", path, filepath.Dir(path), filepath.Base(path), filepath.Base(path))
		return e
	}
	e.Message = fmt.Sprintf("%s cannot be written (%v)", path, cause)
	return e
}

// Close closes the database, and then releases the single-writer lock.
func (db *DB) Close() error {
	db.dropIndex() // its reading holds a connection until it ends
	db.closeStmts()
	err := db.sql.Close()
	if lerr := db.lock.unlock(); err == nil {
		err = lerr
	}
	db.lock = nil
	return err
}

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// Version returns the database's schema version, as "5 (0005_models)".
func (db *DB) Version() string { return db.version }

// Migrated lists the migrations Open applied, oldest first, as "0005_models".
func (db *DB) Migrated() []string { return db.migrated }

// SQL exposes the handle for read-only use by tests and tools.
func (db *DB) SQL() *sql.DB { return db.sql }

// migrationNames lists the embedded migrations in the order they apply,
// as recorded in the migrations table ("migration/0001_init.sql").
func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies, in name order, the embedded migrations not yet recorded
// in the migrations table, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	for _, name := range names {
		applied, err := db.migrateFile(ctx, name)
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if applied {
			db.migrated = append(db.migrated, strings.TrimSuffix(filepath.Base(name), ".sql"))
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) (bool, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// syncRelationTypes records the ontology in relation_types.
func (db *DB) syncRelationTypes(ctx context.Context, types []newsgraph.RelationType) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range types {
		if _, err := tx.ExecContext(ctx, `INSERT INTO relation_types (name, description, subject_types, object_types, symmetric)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET description = excluded.description,
				subject_types = excluded.subject_types, object_types = excluded.object_types,
				symmetric = excluded.symmetric`,
			t.Name, t.Description, strings.Join(t.SubjectTypes, ","), strings.Join(t.ObjectTypes, ","), t.Symmetric); err != nil {
			return fmt.Errorf("relation type %s: %w", t.Name, err)
		}
		db.symmetric[t.Name] = t.Symmetric
	}
	return tx.Commit()
}

// RelationTypes lists the relation types the database describes.
func (db *DB) RelationTypes(ctx context.Context) ([]newsgraph.RelationType, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT name, description, subject_types, object_types, symmetric FROM relation_types ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []newsgraph.RelationType
	for rows.Next() {
		var t newsgraph.RelationType
		var s, o string
		if err := rows.Scan(&t.Name, &t.Description, &s, &o, &t.Symmetric); err != nil {
			return nil, err
		}
		t.SubjectTypes, t.ObjectTypes = strings.Split(s, ","), strings.Split(o, ",")
		out = append(out, t)
	}
	return out, rows.Err()
}
