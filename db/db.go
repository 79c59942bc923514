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
	"sort"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/newsgraph/newsgraph"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open newsgraph database.
type DB struct {
	sql       *sql.DB
	path      string
	symmetric map[string]bool // relation type -> symmetric
	entityIDs map[entityKey]int64
}

type entityKey struct{ name, typ string }

// Open opens (creating if needed) the database at path, turns on WAL and
// foreign keys, applies pending migrations and records the ontology.
func Open(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{sql: sqldb, path: path, symmetric: map[string]bool{}, entityIDs: map[entityKey]int64{}}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.syncRelationTypes(ctx, newsgraph.Ontology); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.backfillNorm(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Path returns the file the database lives in.
func (db *DB) Path() string { return db.path }

// SQL exposes the handle for read-only use by tests and tools.
func (db *DB) SQL() *sql.DB { return db.sql }

// migrate applies, in name order, the embedded migrations not yet recorded
// in the migrations table, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))`); err != nil {
		if strings.Contains(err.Error(), "file is not a database") {
			return errors.New("not a newsgraph database (not SQLite)")
		}
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
		return err
	}
	return tx.Commit()
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
