package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph"
)

// Entity resolution. Every entity row is a name as extracted; merged_into
// groups rows that stand for one real-world thing under a root row. New
// rows are resolved when first stored, by three rules, each recorded in
// merges with its evidence:
//   - alias: the name is an alias a user gave an entity (newsgraph alias add);
//   - normalised-name: the name normalises (Normalize) to the name of
//     exactly one entity of the same type ("Mohammed Shia Al-Sudani",
//     "Mohammed Shia al Sudani");
//   - surname: a person named by one word whose surname is that of exactly
//     one person with a full name in the whole database, or a full name that
//     is the only one to carry the surname of people named by that word.
// Pairs a user split apart are never merged again automatically. User
// merges, splits and aliases are recorded the same way and can be undone.

// ErrNotFound is returned when a correction names no entity or no
// correction.
var ErrNotFound = errors.New("not found")

// Normalize turns a name into its matching key: diacritics and punctuation
// dropped, lower case, particles "al", "el" and a leading "the" removed, so
// that "Mohammed Shia Al-Sudani" and "Mohammed Shia al Sudani" match and
// "U.S." becomes "us".
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '.' || r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for i, w := range words {
		if w == "al" || w == "el" || i == 0 && w == "the" && len(words) > 1 {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// Merge is one recorded merge, split or alias.
type Merge struct {
	ID       int64  `json:"id"`
	Action   string `json:"action"` // merge, split, alias
	Origin   string `json:"origin"` // auto, user
	Rule     string `json:"rule"`
	Target   string `json:"target"` // the entity kept
	Source   string `json:"source"` // the entity merged in or split out
	Alias    string `json:"alias,omitempty"`
	Evidence string `json:"evidence"`
	Created  string `json:"created"`
	Undone   string `json:"undone,omitempty"`
}

// moved records entities whose merged_into changed: id and value before.
type moved [][2]*int64

func root(ctx context.Context, q querier, id int64) (int64, error) {
	var r int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(merged_into, id) FROM entities WHERE id = ?`, id).Scan(&r)
	if err == sql.ErrNoRows {
		return 0, fmt.Errorf("entity %d: %w", id, ErrNotFound)
	}
	return r, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// mergeRoots puts every entity of group from under root to, recording the
// merge. Both must be roots.
func mergeRoots(ctx context.Context, tx querier, to, from int64, origin, rule, evidence string) (int64, error) {
	if to == from {
		return 0, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, merged_into FROM entities WHERE id = ? OR merged_into = ?`, from, from)
	if err != nil {
		return 0, err
	}
	var mv moved
	for rows.Next() {
		var id int64
		var prev sql.NullInt64
		if err := rows.Scan(&id, &prev); err != nil {
			rows.Close()
			return 0, err
		}
		entry := [2]*int64{&id, nil}
		if prev.Valid {
			p := prev.Int64
			entry[1] = &p
		}
		mv = append(mv, entry)
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = ? WHERE id = ? OR merged_into = ?`, to, from, from); err != nil {
		return 0, fmt.Errorf("merge: %w", err)
	}
	return record(ctx, tx, "merge", origin, rule, to, from, "", evidence, mv)
}

func record(ctx context.Context, tx querier, action, origin, rule string, target, source int64, alias, evidence string, mv moved) (int64, error) {
	if mv == nil {
		mv = moved{}
	}
	js, _ := json.Marshal(mv)
	r, err := tx.ExecContext(ctx, `INSERT INTO merges (action, origin, rule, target_id, source_id, alias, evidence, moved)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, action, origin, rule, target, nullID(source), null(alias), evidence, string(js))
	if err != nil {
		return 0, fmt.Errorf("record %s: %w", action, err)
	}
	return r.LastInsertId()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func keptApart(ctx context.Context, tx querier, a, b int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM kept_apart k
		JOIN entity_roots x ON x.id = k.a JOIN entity_roots y ON y.id = k.b
		WHERE (x.root = ? AND y.root = ?) OR (x.root = ? AND y.root = ?)`, a, b, b, a).Scan(&n)
	return n > 0, err
}

// resolveNew applies the automatic rules to an entity just created.
func (db *DB) resolveNew(ctx context.Context, tx querier, id int64, name, typ, key string) error {
	try := func(target int64, rule, evidence string) (bool, error) {
		if apart, err := keptApart(ctx, tx, target, id); err != nil || apart {
			return false, err
		}
		mid, err := mergeRoots(ctx, tx, target, id, "auto", rule, evidence)
		if err == nil && rule == "alias" {
			// Undoing the user's alias undoes this merge too.
			_, err = tx.ExecContext(ctx, `UPDATE merges SET alias = ? WHERE id = ?`, name, mid)
		}
		return err == nil, err
	}
	one := func(q string, args ...any) (int64, string, error) {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return 0, "", err
		}
		defer rows.Close()
		var ids []int64
		var names []string
		for rows.Next() {
			var i int64
			var n string
			if err := rows.Scan(&i, &n); err != nil {
				return 0, "", err
			}
			ids, names = append(ids, i), append(names, n)
		}
		if len(ids) != 1 {
			return 0, "", rows.Err()
		}
		return ids[0], names[0], rows.Err()
	}
	// A user's alias (the index knows when there is none to ask for).
	if db.index.mayHaveUserAliases() {
		t, tn, err := one(`SELECT DISTINCT r.root, e.name FROM aliases a JOIN entity_roots r ON r.id = a.entity_id
		JOIN entities e ON e.id = r.root WHERE a.source = 'user' AND a.alias = ? COLLATE NOCASE AND e.type = ? AND r.root <> ?`, name, typ, id)
		if err != nil {
			return err
		}
		if t != 0 {
			if ok, err := try(t, "alias", fmt.Sprintf("%q is a user alias of %q", name, tn)); ok || err != nil {
				return err
			}
		}
	}
	if key == "" {
		return nil
	}
	// The same name once normalised (the index knows when no other entity
	// has it).
	if db.index.mayHaveNorm(key, typ) {
		t, tn, err := one(`SELECT id, name FROM entities WHERE norm = ? AND type = ? AND merged_into IS NULL AND id <> ?`, key, typ, id)
		if err != nil {
			return err
		}
		if t != 0 {
			if ok, err := try(t, "normalised-name", fmt.Sprintf("%q and %q both normalise to %q", name, tn, key)); ok || err != nil {
				return err
			}
		}
	}
	if typ != newsgraph.Person {
		return nil
	}
	if !strings.Contains(key, " ") {
		// A surname alone: the one person with that surname.
		if !db.index.mayHaveSurname(key) {
			return nil
		}
		t, tn, err := one(`SELECT id, name FROM entities WHERE surname = ? AND type = 'PERSON' AND merged_into IS NULL`, key)
		if err != nil || t == 0 {
			return err
		}
		_, err = try(t, "surname", fmt.Sprintf("%q is the only person in the database whose surname is %q", tn, name))
		return err
	}
	// A full name: people named by its surname alone, if it is the only
	// full name with that surname.
	surname := surnameOf(key)
	if !db.index.mayHaveNorm(surname, newsgraph.Person) {
		return nil // nobody is named by the surname alone
	}
	var full int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM entities WHERE surname = ? AND type = 'PERSON' AND merged_into IS NULL`,
		surname).Scan(&full); err != nil || full != 1 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM entities WHERE type = 'PERSON' AND merged_into IS NULL AND norm = ?`, surname)
	if err != nil {
		return err
	}
	type short struct {
		id   int64
		name string
	}
	var shorts []short
	for rows.Next() {
		var s short
		if err := rows.Scan(&s.id, &s.name); err != nil {
			rows.Close()
			return err
		}
		shorts = append(shorts, s)
	}
	rows.Close()
	for _, s := range shorts {
		if apart, err := keptApart(ctx, tx, id, s.id); err != nil {
			return err
		} else if apart {
			continue
		}
		if _, err := mergeRoots(ctx, tx, id, s.id, "auto", "surname", fmt.Sprintf("%q is the only person in the database whose surname is %q", name, s.name)); err != nil {
			return err
		}
	}
	return nil
}

// MergeEntities puts the entity merge (and everything merged into it)
// under keep, as a user correction.
func (db *DB) MergeEntities(ctx context.Context, keep, merge int64, note string) (Merge, error) {
	return db.correct(ctx, func(tx *sql.Tx) (int64, error) {
		k, err := root(ctx, tx, keep)
		if err != nil {
			return 0, err
		}
		m, err := root(ctx, tx, merge)
		if err != nil {
			return 0, err
		}
		if k == m {
			return 0, errors.New("they are already one entity")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM kept_apart WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)`, k, m, m, k); err != nil {
			return 0, err
		}
		return mergeRoots(ctx, tx, k, m, "user", "user", evidence(note, "merged by a user"))
	})
}

func evidence(note, def string) string {
	if note != "" {
		return note
	}
	return def
}

// SplitEntity takes one merged entity (by its own row) out of its group;
// automatic rules will not merge the two again.
func (db *DB) SplitEntity(ctx context.Context, member int64, note string) (Merge, error) {
	return db.correct(ctx, func(tx *sql.Tx) (int64, error) {
		var prev sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT merged_into FROM entities WHERE id = ?`, member).Scan(&prev); err != nil {
			if err == sql.ErrNoRows {
				return 0, fmt.Errorf("entity %d: %w", member, ErrNotFound)
			}
			return 0, err
		}
		if !prev.Valid {
			return 0, errors.New("it is not merged into another entity")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = NULL WHERE id = ?`, member); err != nil {
			return 0, err
		}
		p := prev.Int64
		id, err := record(ctx, tx, "split", "user", "user", prev.Int64, member, "", evidence(note, "split by a user"), moved{{&member, &p}})
		if err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO kept_apart (a, b, merge_id) VALUES (?, ?, ?)`, prev.Int64, member, id)
		return id, err
	})
}

// AddAlias gives an entity another name: mentions of that name in articles
// stored later resolve to it, and entities of the same type already named
// so are merged into it.
func (db *DB) AddAlias(ctx context.Context, entity int64, alias string) (Merge, error) {
	alias = strings.TrimSpace(alias)
	if alias == "" {
		return Merge{}, errors.New("the alias is empty")
	}
	return db.correct(ctx, func(tx *sql.Tx) (int64, error) {
		r, err := root(ctx, tx, entity)
		if err != nil {
			return 0, err
		}
		var typ, name string
		if err := tx.QueryRowContext(ctx, `SELECT type, name FROM entities WHERE id = ?`, r).Scan(&typ, &name); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO aliases (entity_id, alias, source) VALUES (?, ?, 'user')`, r, alias); err != nil {
			return 0, err
		}
		// Entities already named so join, recorded in the same correction.
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT COALESCE(merged_into, id) FROM entities WHERE name = ? COLLATE NOCASE AND type = ?`, alias, typ)
		if err != nil {
			return 0, err
		}
		others, err := scanIDs(rows)
		if err != nil {
			return 0, err
		}
		var mv moved
		for _, o := range others {
			if o == r {
				continue
			}
			rows, err := tx.QueryContext(ctx, `SELECT id FROM entities WHERE id = ? OR merged_into = ?`, o, o)
			if err != nil {
				return 0, err
			}
			ids, err := scanIDs(rows)
			if err != nil {
				return 0, err
			}
			for _, id := range ids {
				id := id
				var prev *int64
				if id != o {
					p := o
					prev = &p
				}
				mv = append(mv, [2]*int64{&id, prev})
			}
			if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = ? WHERE id = ? OR merged_into = ?`, r, o, o); err != nil {
				return 0, err
			}
		}
		return record(ctx, tx, "alias", "user", "user", r, 0, alias, fmt.Sprintf("alias %q added to %q by a user", alias, name), mv)
	})
}

// Undo reverses a correction (the latest user one not undone when id is
// 0): merged entities part again, a split entity rejoins, an alias goes.
func (db *DB) Undo(ctx context.Context, id int64) (Merge, error) {
	return db.correct(ctx, func(tx *sql.Tx) (int64, error) {
		q := `SELECT id, action, target_id, alias, moved FROM merges WHERE undone_at IS NULL AND `
		var row *sql.Row
		if id == 0 {
			row = tx.QueryRowContext(ctx, q+`origin = 'user' ORDER BY id DESC LIMIT 1`)
		} else {
			row = tx.QueryRowContext(ctx, q+`id = ?`, id)
		}
		var mid int64
		var action, mvJSON string
		var target sql.NullInt64
		var alias sql.NullString
		if err := row.Scan(&mid, &action, &target, &alias, &mvJSON); err != nil {
			if err == sql.ErrNoRows && id == 0 {
				return 0, fmt.Errorf("nothing to undo, every user correction is undone already (see 'newsgraph merges'): %w", ErrNotFound)
			}
			if err == sql.ErrNoRows {
				return 0, fmt.Errorf("correction %d does not exist or is undone already (see 'newsgraph merges'): %w", id, ErrNotFound)
			}
			return 0, err
		}
		if err := restore(ctx, tx, mid, mvJSON); err != nil {
			return 0, err
		}
		switch action {
		case "alias":
			if _, err := tx.ExecContext(ctx, `DELETE FROM aliases WHERE entity_id = ? AND alias = ? AND source = 'user'`, target, alias); err != nil {
				return 0, err
			}
			// Entities stored later that joined through the alias part too.
			rows, err := tx.QueryContext(ctx, `SELECT id, moved FROM merges WHERE origin = 'auto' AND rule = 'alias'
				AND alias = ? COLLATE NOCASE AND target_id = ? AND undone_at IS NULL AND id > ? ORDER BY id DESC`, alias, target, mid)
			if err != nil {
				return 0, err
			}
			type dep struct {
				id int64
				mv string
			}
			var deps []dep
			for rows.Next() {
				var d dep
				if err := rows.Scan(&d.id, &d.mv); err != nil {
					rows.Close()
					return 0, err
				}
				deps = append(deps, d)
			}
			rows.Close()
			for _, d := range deps {
				if err := restore(ctx, tx, d.id, d.mv); err != nil {
					return 0, err
				}
			}
		case "split":
			if _, err := tx.ExecContext(ctx, `DELETE FROM kept_apart WHERE merge_id = ?`, mid); err != nil {
				return 0, err
			}
		}
		return mid, nil
	})
}

// restore puts back the merged_into values a merge recorded and marks it
// undone.
func restore(ctx context.Context, tx querier, id int64, mvJSON string) error {
	var mv moved
	if err := json.Unmarshal([]byte(mvJSON), &mv); err != nil {
		return fmt.Errorf("merge %d: %w", id, err)
	}
	for _, m := range mv {
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET merged_into = ? WHERE id = ?`, m[1], *m[0]); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE merges SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?`, id)
	return err
}

// correct runs one correction in a transaction and returns its record.
func (db *DB) correct(ctx context.Context, fn func(*sql.Tx) (int64, error)) (Merge, error) {
	db.dropIndex() // a user alias may come or go: the next batch reads it again
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return Merge{}, err
	}
	defer tx.Rollback()
	id, err := fn(tx)
	if err != nil {
		return Merge{}, err
	}
	if err := refreshStale(ctx, tx); err != nil {
		return Merge{}, err
	}
	if err := tx.Commit(); err != nil {
		return Merge{}, err
	}
	ms, err := db.Merges(ctx, MergeFilter{ID: id})
	if err != nil || len(ms) == 0 {
		return Merge{}, err
	}
	return ms[0], nil
}

// MergeFilter selects recorded merges.
type MergeFilter struct {
	ID     int64
	Origin string // auto, user, "" for both
	Limit  int
}

// Merges lists recorded merges, splits and aliases, newest first.
func (db *DB) Merges(ctx context.Context, f MergeFilter) ([]Merge, error) {
	q := `SELECT m.id, m.action, m.origin, m.rule, COALESCE(t.name, ''), COALESCE(s.name, ''), COALESCE(m.alias, ''),
		m.evidence, m.created_at, COALESCE(m.undone_at, '')
		FROM merges m LEFT JOIN entities t ON t.id = m.target_id LEFT JOIN entities s ON s.id = m.source_id WHERE 1`
	var args []any
	if f.ID != 0 {
		q += ` AND m.id = ?`
		args = append(args, f.ID)
	}
	if f.Origin != "" {
		q += ` AND m.origin = ?`
		args = append(args, f.Origin)
	}
	q += ` ORDER BY m.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list merges: %w", err)
	}
	defer rows.Close()
	var out []Merge
	for rows.Next() {
		var m Merge
		if err := rows.Scan(&m.ID, &m.Action, &m.Origin, &m.Rule, &m.Target, &m.Source, &m.Alias, &m.Evidence, &m.Created, &m.Undone); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Members returns the entity rows grouped under a root, the root first.
func (db *DB) Members(ctx context.Context, rootID int64) ([]newsgraph.Entity, error) {
	return db.entityRows(ctx, `SELECT id, name, type FROM entities WHERE id = ? OR merged_into = ? ORDER BY merged_into IS NOT NULL, name`, rootID, rootID)
}

// Named returns the entity rows whose own name is name (ignoring case),
// merged or not: what a split names.
func (db *DB) Named(ctx context.Context, name string) ([]newsgraph.Entity, error) {
	return db.entityRows(ctx, `SELECT id, name, type FROM entities WHERE name = ? COLLATE NOCASE ORDER BY id`, name)
}

// entityRows reads id, name and type rows.
func (db *DB) entityRows(ctx context.Context, q string, args ...any) ([]newsgraph.Entity, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []newsgraph.Entity
	for rows.Next() {
		var e newsgraph.Entity
		if err := rows.Scan(&e.ID, &e.Name, &e.Type); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// backfillNorm computes norm for rows stored before it existed.
func (db *DB) backfillNorm(ctx context.Context) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name FROM entities WHERE norm = ''`)
	if err != nil {
		return err
	}
	type row struct {
		id   int64
		name string
	}
	var todo []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name); err != nil {
			rows.Close()
			return err
		}
		if Normalize(r.name) != "" { // a name of punctuation alone stays '': no write each open
			todo = append(todo, r)
		}
	}
	rows.Close()
	if len(todo) == 0 {
		return rows.Err()
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range todo {
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET norm = ? WHERE id = ?`, Normalize(r.name), r.id); err != nil {
			return err
		}
	}
	return tx.Commit()
}
