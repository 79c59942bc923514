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
// (docs/PERFORMANCE.md, "Ingest"). The index is read beside the first
// batches (indexLoad).
//
// The sets say what may exist: they hold every value some entity has,
// and perhaps values no entity has any more (an entity merged away, or
// one whose batch was rolled back), which only costs the query they
// would have saved. Only the lock makes them complete: no other newsgraph
// adds an entity while it is held. (A program that takes no lock, the
// sqlite3 shell, can: entityID then meets the entity as it inserts, finds
// it, and drops the index.) Without the lock (a file system that cannot
// lock files) every look-up asks the database, as before.
type entityIndex struct {
	norms       map[entityKey]struct{} // (normalised name, type) of every entity
	surnames    map[string]struct{}    // surnames of people
	userAliases bool                   // a user alias exists
}

// indexInBatch makes the first batch read the index in its transaction,
// as with one connection: tests set it to resolve with the index from the
// first article on.
var indexInBatch = false

// indexLoad is an entityIndex being read beside the ingest. On an archive
// of 100,000 entities reading it takes 0.4 s, which the writer would
// otherwise spend before storing its first article; batches that begin
// before it is read ask the database, as without an index.
type indexLoad struct {
	done   chan struct{}      // closed when x, ids and err are set
	cancel context.CancelFunc // stops the reading (dropIndex, Close)
	x      *entityIndex
	ids    map[entityKey]int64
	err    error
	// seen holds the normalised names and surnames of the entities the
	// writer created since the load began, which its reading may miss.
	seen *entityIndex
}

func newEntityIndex() *entityIndex {
	return &entityIndex{norms: map[entityKey]struct{}{}, surnames: map[string]struct{}{}}
}

// useIndex is called as each batch begins. It starts reading the index,
// the first time; each article's store puts it to use once read
// (pollIndex). It does nothing without the lock. With one connection to
// the database (which the batch holds), the index is read in the
// batch's transaction instead.
func (db *DB) useIndex(ctx context.Context, tx querier) error {
	if db.lock == nil || db.index != nil {
		return nil
	}
	if db.sql.Stats().MaxOpenConnections == 1 || indexInBatch {
		x, ids, err := readIndex(ctx, tx)
		if err == nil {
			db.install(x, ids)
		}
		return err
	}
	if db.loading == nil {
		lctx, cancel := context.WithCancel(context.Background())
		l := &indexLoad{done: make(chan struct{}), cancel: cancel, seen: newEntityIndex()}
		db.loading = l
		go func() {
			defer close(l.done)
			// One statement each, so no transaction: each reads what was
			// committed when it began, and what the writer creates after
			// the first began is in seen. User aliases come from
			// corrections, which do not run beside a batch.
			l.x, l.ids, l.err = readIndex(lctx, db.sql)
			indexRead(lctx)
		}()
	}
	return nil
}

// indexRead is called once the index is read beside the batches, before
// it may be put to use: tests hold it there (until ctx ends, as when
// Close stops the reading).
var indexRead = func(ctx context.Context) {}

// pollIndex puts the index being read to use once it is read, as the
// next article is stored. Ids of entities the batch
// created stay in its own cache until it commits (Batch), and their names
// are in seen, so an index installed in the middle of a batch is as
// complete as one installed as it begins; a batch rolled back leaves
// names in it no entity has, which only costs a query. On an empty
// database the index is read before the second article; on the
// 100,000-entity archive, 0.4 s into the first batch rather than a
// second (a batch's age) later.
func (db *DB) pollIndex() {
	l := db.loading
	if l == nil {
		return
	}
	select {
	case <-l.done:
	default:
		return // not yet
	}
	db.loading = nil
	if l.err != nil {
		return // go on asking the database; the next batch tries again
	}
	for k := range l.seen.norms {
		l.x.norms[k] = struct{}{}
	}
	for k := range l.seen.surnames {
		l.x.surnames[k] = struct{}{}
	}
	db.install(l.x, l.ids)
}

// install puts an index to use, with ids, the entity ids read with it; the
// ids of entities committed since then are in the database's cache.
func (db *DB) install(x *entityIndex, ids map[entityKey]int64) {
	for k, id := range db.entityIDs {
		ids[k] = id
	}
	db.entityIDs, db.index = ids, x
}

// dropIndex forgets the index, and stops and waits for the one being
// read, after a change it does not follow (a correction, a bulk load) and
// at Close: the next batch reads it again.
func (db *DB) dropIndex() {
	if l := db.loading; l != nil {
		l.cancel()
		<-l.done
	}
	db.index, db.loading = nil, nil
}

// noteEntity records an entity the writer created in the index, and in
// the one being read.
func (db *DB) noteEntity(norm, typ string) {
	if db.index != nil {
		db.index.add(norm, typ, surnameOf(norm))
	}
	if db.loading != nil {
		db.loading.seen.add(norm, typ, surnameOf(norm))
	}
}

// readIndex reads every entity's id, normalised name and surname, and
// whether a user alias exists.
func readIndex(ctx context.Context, q querier) (*entityIndex, map[entityKey]int64, error) {
	// The maps are made at their size: growing them was a third of
	// reading the index of the 100,000-entity archive. (Counting reads
	// the smallest index; the highest id would not do, as ids another
	// program chose may leave gaps.)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM entities`).Scan(&n); err != nil {
		return nil, nil, fmt.Errorf("read entities: %w", err)
	}
	x := &entityIndex{norms: make(map[entityKey]struct{}, n), surnames: make(map[string]struct{}, n/2)}
	ids := make(map[entityKey]int64, n)
	rows, err := q.QueryContext(ctx, `SELECT id, name, type, norm, surname FROM entities`)
	if err != nil {
		return nil, nil, fmt.Errorf("read entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, typ, norm, surname string
		if err := rows.Scan(&id, &name, &typ, &norm, &surname); err != nil {
			return nil, nil, fmt.Errorf("read entities: %w", err)
		}
		ids[entityKey{foldName(name), typ}] = id
		x.add(norm, typ, surname)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read entities: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM aliases WHERE source = 'user')`).Scan(&x.userAliases); err != nil {
		return nil, nil, fmt.Errorf("read aliases: %w", err)
	}
	return x, ids, nil
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
