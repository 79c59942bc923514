// Package dbtest holds what tests of several packages do to a database
// file from outside newsgraph: run SQL through the driver alone, as another
// program would, and see whether anything in a folder changed.
package dbtest

import (
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the driver, as newsgraph uses it
)

// Snapshot is a directory's file names with each file's SHA-256: equal
// snapshots mean nothing was written, created or removed.
func Snapshot(tb testing.TB, dir string) string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %x\n", e.Name(), sha256.Sum256(body))
	}
	return b.String()
}

// Exec runs statements on the database at path through the driver alone.
func Exec(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}

// CorruptArticleIndex overwrites the root page of the index on
// articles.hash, which storing an article reads first, with garbage.
func CorruptArticleIndex(tb testing.TB, path string) {
	tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	var page, size int64
	err = conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_articles_1'`).Scan(&page)
	if err == nil {
		err = conn.QueryRow(`PRAGMA page_size`).Scan(&size)
	}
	conn.Close()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", int(size))), (page-1)*size); err != nil {
		tb.Fatal(err)
	}
}

// Dump is a database's contents: for each table, its rows as text
// ("column=value" separated by tabs), sorted. Ids are kept (runs that
// store the same things in the same order give the same ids); timestamps
// (columns named *_at) are left out, and so are the segments of the FTS5
// indexes (*_fts_data, *_fts_idx), whose layout depends on how the rows
// were grouped into transactions: CheckFTS checks them against the rows
// they index.
func Dump(tb testing.TB, path string) map[string][]string {
	tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, s)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	rows.Close()
	d := map[string][]string{}
	for _, table := range tables {
		if strings.HasSuffix(table, "_fts_data") || strings.HasSuffix(table, "_fts_idx") {
			continue
		}
		cols, all := Rows(tb, conn, `SELECT * FROM `+table)
		for _, vals := range all {
			var b strings.Builder
			for i, c := range cols {
				if strings.HasSuffix(c, "_at") {
					continue
				}
				v := vals[i]
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v\t", c, v)
			}
			d[table] = append(d[table], b.String())
		}
		sort.Strings(d[table])
	}
	return d
}

// Rows runs query on conn and returns its columns and every row's values.
func Rows(tb testing.TB, conn *sql.DB, query string) ([]string, [][]any) {
	tb.Helper()
	rows, err := conn.Query(query)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return cols, out
}

// CheckFTS fails unless every FTS5 index of the database at path holds
// exactly the rows of the table it indexes (FTS5's integrity-check, with
// rank 1: against the content table).
func CheckFTS(tb testing.TB, path string) {
	tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'`)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		names = append(names, s)
	}
	rows.Close()
	for _, n := range names {
		if _, err := conn.Exec(fmt.Sprintf(`INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)`, n, n)); err != nil {
			tb.Errorf("%s: %v", n, err)
		}
	}
}
