package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// entityIndex is what resolving a new entity asks of every entity in the
// database, kept in memory for a run that holds the single-writer lock
// (lock.go), so that most new entities cost no query: with it, a name
// missing from the database's cache of ids is a name the database does
// not hold, and a normalised name, surname or user alias no entity has
// needs no look-up to say so. On 1,260 real articles into an empty
// database those look-ups were a quarter of storing's time
// (docs/PERFORMANCE.md, "Ingest").
//
// The sets say what may exist: they hold every value some entity has,
// and perhaps values no entity has any more (an entity merged away, or
// one whose batch was rolled back), which only costs the query they
// would have saved. Only the lock makes them complete: no other writer
// adds an entity while it is held. Without the lock (a file system that
// cannot lock files) every look-up asks the database, as before.
type entityIndex struct {
	norms       map[entityKey]struct{} // (normalised name, type) of every entity
	surnames    map[string]struct{}    // surnames of people
	userAliases bool                   // a user alias exists
}

// loadIndex reads the index, and every entity's id into the database's
// cache of ids, in the transaction of tx. It does nothing without the
// lock, or when the index is loaded already.
func (db *DB) loadIndex(ctx context.Context, tx querier) error {
	if db.lock == nil || db.index != nil {
		return nil
	}
	x := &entityIndex{norms: map[entityKey]struct{}{}, surnames: map[string]struct{}{}}
	ids := map[entityKey]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, type, norm, surname FROM entities`)
	if err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, typ, norm, surname string
		if err := rows.Scan(&id, &name, &typ, &norm, &surname); err != nil {
			return fmt.Errorf("read entities: %w", err)
		}
		ids[entityKey{foldName(name), typ}] = id
		x.add(norm, typ, surname)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM aliases WHERE source = 'user')`).Scan(&x.userAliases); err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	db.entityIDs, db.index = ids, x
	return nil
}

// add records an entity's normalised name and, for a person, surname.
func (x *entityIndex) add(norm, typ, surname string) {
	x.norms[entityKey{norm, typ}] = struct{}{}
	if typ == newsgraph.Person && surname != "" {
		x.surnames[surname] = struct{}{}
	}
}

// surnameOf is the surname of a normalised name, as newsgraph stores it
// (and migration 0007 and the entities_surname_update trigger compute it):
// its last word, or "" for a single word.
func surnameOf(norm string) string {
	if i := strings.LastIndexByte(norm, ' '); i >= 0 {
		return norm[i+1:]
	}
	return ""
}

// The questions resolution asks; each is true when the answer may be
// yes, and always true without an index.

func (x *entityIndex) complete() bool { return x != nil }

func (x *entityIndex) mayHaveUserAliases() bool { return x == nil || x.userAliases }

func (x *entityIndex) mayHaveNorm(norm, typ string) bool {
	if x == nil {
		return true
	}
	_, ok := x.norms[entityKey{norm, typ}]
	return ok
}

func (x *entityIndex) mayHaveSurname(surname string) bool {
	if x == nil {
		return true
	}
	_, ok := x.surnames[surname]
	return ok
}
