package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph"
)

// Hash is the content hash that identifies an article: the SHA-256 of its
// cleaned text.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// StoreResult says what StoreArticle did.
type StoreResult struct {
	ArticleID int64
	Duplicate bool // the same text was stored before; nothing was added
	Entities  int  // entities created by this article
	Relations int  // relations created by this article
	Evidence  int  // pieces of evidence added
	Quotes    int  // quotes stored
}

// StoreArticle stores an article with what extraction found in it, in one
// transaction: on any error nothing of the article is kept. An article whose
// text is already stored is reported as a duplicate and adds nothing. When
// the file itself is at fault the error is an *Error (see Diagnose): a
// damaged file's says what PRAGMA quick_check found.
func (db *DB) StoreArticle(ctx context.Context, a newsgraph.Article, ex newsgraph.Extraction) (StoreResult, error) {
	b, err := db.Begin(ctx)
	if err != nil {
		return StoreResult{}, err
	}
	res, err := b.Store(ctx, a, ex)
	if err != nil {
		b.Rollback()
		return res, err
	}
	return res, b.Commit()
}

// Batch stores many articles in one transaction: each is in the file
// whole or not at all whenever the process stops, since the batch commits
// (or vanishes) as one. Writing many articles per transaction writes each
// page they share once per batch rather than once per article, and lets
// the full-text indexes gather a batch's words before writing them
// (PERFORMANCE.md, "Ingest").
//
// An article that fails leaves nothing and costs the others nothing: the
// transaction is rolled back and the articles stored before it are stored
// again in a new one, the same statements in the same order, which gives
// what storing them without the failing article gives. (A savepoint per
// article would do it without storing again, but SQLite then copies every
// page an article changes to a sub-journal, and FTS5 writes its pending
// words at each savepoint: a fifth of the time of storing. Articles fail
// rarely.)
//
// What the batch learns about entities reaches the database's cache only
// when it commits: ids of entities it created, or found, are dropped with
// the transaction they were learned in.
//
// A Batch is used by one goroutine, and holds the database's write lock
// (BEGIN IMMEDIATE) from Begin to Commit or Rollback.
type Batch struct {
	db    *DB
	tx    *sql.Tx
	ptx   preparedTx
	known map[entityKey]int64 // entity ids learned in this transaction
	kept  []kept              // articles stored (or found stored already)
	begun time.Time
	err   error // what lost the batch its articles: Store and Commit fail with it
}

type kept struct {
	a  newsgraph.Article
	ex newsgraph.Extraction
}

// Begin begins a batch. It waits for the write lock under busy_timeout.
func (db *DB) Begin(ctx context.Context) (*Batch, error) {
	b := &Batch{db: db, begun: time.Now()}
	if err := b.begin(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *Batch) begin(ctx context.Context) error {
	tx, err := b.db.sql.BeginTx(ctx, nil)
	if err != nil {
		return b.db.Diagnose(ctx, err)
	}
	b.tx, b.ptx, b.known = tx, b.db.prepared(tx), map[entityKey]int64{}
	if err := b.db.useIndex(ctx, b.ptx); err != nil {
		tx.Rollback()
		return b.db.Diagnose(ctx, err)
	}
	return nil
}

// Len is the number of articles the batch holds (stored, or found stored
// already).
func (b *Batch) Len() int { return len(b.kept) }

// Age is the time since the batch began.
func (b *Batch) Age() time.Duration { return time.Since(b.begun) }

// Lost returns the error that lost the batch the articles it held, or
// nil while it holds them.
func (b *Batch) Lost() error { return b.err }

// Store stores an article in the batch, as StoreArticle does. On an error
// nothing of it is kept and the batch goes on without it, unless the
// error is a fault of the file (an *Error: full, damaged, read-only,
// locked) or storing the others again failed: then the batch has lost
// what it held, Lost says why, and Store and Commit fail.
func (b *Batch) Store(ctx context.Context, a newsgraph.Article, ex newsgraph.Extraction) (StoreResult, error) {
	if b.err != nil {
		return StoreResult{}, b.err
	}
	res, err := b.store(ctx, a, ex)
	if err == nil {
		b.kept = append(b.kept, kept{a, ex})
		return res, nil
	}
	err = b.db.Diagnose(ctx, err)
	b.tx.Rollback()
	if ErrorCode(err) != "" {
		b.err = err // storing again would meet it too
		return res, err
	}
	// Store the others again, without this one.
	if berr := b.begin(ctx); berr != nil {
		b.err = berr
		return res, err
	}
	for _, k := range b.kept {
		if _, kerr := b.store(ctx, k.a, k.ex); kerr != nil {
			b.tx.Rollback()
			b.err = b.db.Diagnose(ctx, kerr)
			break
		}
	}
	return res, err
}

func (b *Batch) store(ctx context.Context, a newsgraph.Article, ex newsgraph.Extraction) (StoreResult, error) {
	b.db.pollIndex()
	learned := map[entityKey]int64{}
	res, err := b.db.storeArticle(ctx, b.ptx, a, ex, entityIDs{b.db.entityIDs, b.known, learned})
	if err == nil {
		for k, id := range learned {
			b.known[k] = id
		}
	}
	return res, err
}

// Commit commits the batch; then the entity ids it learned are cached.
// On an error nothing of the batch is kept.
func (b *Batch) Commit() error {
	if b.err != nil {
		return b.err
	}
	ctx := context.Background()
	if err := indexPending(ctx, b.ptx); err != nil {
		b.tx.Rollback()
		b.err = b.db.Diagnose(ctx, err)
		return b.err
	}
	if err := b.tx.Commit(); err != nil {
		return b.db.Diagnose(ctx, err)
	}
	for k, id := range b.known {
		b.db.entityIDs[k] = id
	}
	return nil
}

// Rollback drops the batch and what it learned.
func (b *Batch) Rollback() error {
	b.known = nil
	if b.err != nil {
		return nil // rolled back already
	}
	return b.tx.Rollback()
}

// entityIDs finds entity ids by name and type without asking the
// database: those committed (the database's cache), those the batch's
// kept articles learned, and those the article being stored learned.
// Only the last is written while an article is stored.
type entityIDs struct {
	committed, batch, article map[entityKey]int64
}

func (c entityIDs) get(k entityKey) (int64, bool) {
	if id, ok := c.committed[k]; ok {
		return id, true
	}
	if id, ok := c.batch[k]; ok {
		return id, true
	}
	id, ok := c.article[k]
	return id, ok
}

func (db *DB) storeArticle(ctx context.Context, tx preparedTx, a newsgraph.Article, ex newsgraph.Extraction, cache entityIDs) (StoreResult, error) {
	var res StoreResult
	// An article stored before (the same text) inserts nothing: then it
	// is looked up, which ingest's check before extracting makes rare.
	hash := Hash(a.Text)
	r, err := tx.ExecContext(ctx, `INSERT INTO articles (source, url, external_id, title, published, date_source, text, hash, models)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
		a.Source, null(a.URL), null(a.ExternalID), null(a.Title), null(a.Date), null(a.DateSource), a.Text, hash, null(ex.Models))
	if err != nil {
		return res, fmt.Errorf("insert article: %w", err)
	}
	if n, err := r.RowsAffected(); err != nil {
		return res, err
	} else if n == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE hash = ?`, hash).Scan(&res.ArticleID); err != nil {
			return res, fmt.Errorf("find article: %w", err)
		}
		res.Duplicate = true
		return res, nil
	}
	if res.ArticleID, err = r.LastInsertId(); err != nil {
		return res, err
	}
	for _, s := range a.Sections {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sections (article_id, kind, start, "end", credit) VALUES (?, ?, ?, ?, ?)`,
			res.ArticleID, s.Kind, s.Start, s.End, null(s.Credit)); err != nil {
			return res, fmt.Errorf("insert section: %w", err)
		}
	}
	ids := make([]int64, len(ex.Mentions))
	for i, m := range ex.Mentions {
		id, isNew, err := db.entityID(ctx, tx, m.Canonical, m.Type, cache)
		if err != nil {
			return res, err
		}
		if isNew {
			res.Entities++
		}
		ids[i] = id
		if m.Text != m.Canonical {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)`, id, m.Text); err != nil {
				return res, fmt.Errorf("insert alias: %w", err)
			}
		}
	}
	if err := insertMentions(ctx, tx, res.ArticleID, ex.Mentions, ids); err != nil {
		return res, err
	}
	for _, rel := range ex.Relations {
		if rel.Subject < 0 || rel.Subject >= len(ids) || rel.Object < 0 || rel.Object >= len(ids) {
			return res, fmt.Errorf("relation %s: mention index out of range", rel.Type)
		}
		s, o := ids[rel.Subject], ids[rel.Object]
		if s == o {
			continue
		}
		if db.symmetric[rel.Type] && o < s {
			s, o = o, s
		}
		relID, isNew, err := relationID(ctx, tx, s, rel.Type, o)
		if err != nil {
			return res, err
		}
		if isNew {
			res.Relations++
		}
		prec := rel.DatePrecision
		if rel.Date != "" && prec == "" {
			prec = "day"
		}
		r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO evidence
			(relation_id, article_id, sentence_start, sentence_end, sentence, date, date_precision, confidence, rule, role, modality)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			relID, res.ArticleID, rel.Start, rel.End, rel.Evidence, null(rel.Date), null(prec), rel.Confidence, rel.Rule, null(rel.Role), null(rel.Modality))
		if err != nil {
			return res, fmt.Errorf("insert evidence: %w", err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			res.Evidence++
		}
	}
	for _, q := range ex.Quotes {
		if q.Speaker < 0 || q.Speaker >= len(ids) || q.Addressee >= len(ids) {
			return res, fmt.Errorf("quote: mention index out of range")
		}
		var addressee any
		if q.Addressee >= 0 {
			addressee = ids[q.Addressee]
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO quotes (article_id, speaker_id, addressee_id, text, start, "end", direct, sentence_start, sentence_end)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, res.ArticleID, ids[q.Speaker], addressee, q.Text, q.Start, q.End, q.Direct, q.SentenceStart, q.SentenceEnd); err != nil {
			return res, fmt.Errorf("insert quote: %w", err)
		}
		res.Quotes++
	}
	// Merges this article made are applied to the facts before the next
	// article's evidence updates them in place.
	if err := refreshStale(ctx, tx); err != nil {
		return res, err
	}
	return res, nil
}

// mentionsPerInsert is the most mentions one statement inserts. An
// article has some thirty: one statement each was an eighth of storing's
// time, most of it in binding and stepping rather than in the table.
const mentionsPerInsert = 16

// insertMentions inserts an article's mentions, of the entities ids, in
// their order (so they get the ids one statement each would give them).
func insertMentions(ctx context.Context, tx querier, article int64, ms []newsgraph.Mention, ids []int64) error {
	args := make([]any, 0, 6*min(len(ms), mentionsPerInsert))
	for len(ms) > 0 {
		n := min(len(ms), mentionsPerInsert)
		args = args[:0]
		for i, m := range ms[:n] {
			args = append(args, article, ids[i], m.Start, m.End, m.Text, null(m.Role))
		}
		if _, err := tx.ExecContext(ctx, mentionInserts[n], args...); err != nil {
			return fmt.Errorf("insert mention: %w", err)
		}
		ms, ids = ms[n:], ids[n:]
	}
	return nil
}

// mentionInserts[n] inserts n mentions.
var mentionInserts = func() (q [mentionsPerInsert + 1]string) {
	for n := 1; n <= mentionsPerInsert; n++ {
		q[n] = multiRow(`INSERT INTO mentions (article_id, entity_id, start, "end", text, role) VALUES `, 6, n)
	}
	return q
}()

// entityID finds or creates the entity (name, type). Names compare without
// regard to case. Ids found in cache are not looked up; ids found or
// created here go to cache.article, and reach the database's cache only
// when the transaction commits (Batch).
func (db *DB) entityID(ctx context.Context, tx querier, name, typ string, cache entityIDs) (int64, bool, error) {
	k := entityKey{foldName(name), typ}
	if id, ok := cache.get(k); ok {
		return id, false, nil
	}
	find := func() (int64, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM entities WHERE name = ? COLLATE NOCASE AND type = ?`, name, typ).Scan(&id)
		return id, err
	}
	if !db.index.complete() { // else the caches hold every entity's id
		id, err := find()
		switch {
		case err == nil:
			cache.article[k] = id
			return id, false, nil
		case err != sql.ErrNoRows:
			return 0, false, fmt.Errorf("find entity: %w", err)
		}
	}
	key := Normalize(name)
	r, err := tx.ExecContext(ctx, `INSERT INTO entities (name, type, norm, surname) VALUES (?, ?, ?, ?)`, name, typ, key, surnameOf(key))
	if err != nil && db.index.complete() {
		// Another program added the entity beside the lock (the sqlite3
		// shell): the index is not complete after all. Find the entity,
		// and ask the database from now on.
		if id, ferr := find(); ferr == nil {
			db.dropIndex()
			cache.article[k] = id
			return id, false, nil
		}
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert entity %q: %w", name, err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, false, err
	}
	cache.article[k] = id
	if err := db.resolveNew(ctx, tx, id, name, typ, key); err != nil {
		return 0, false, fmt.Errorf("resolve entity %q: %w", name, err)
	}
	db.noteEntity(key, typ)
	return id, true, nil
}

func relationID(ctx context.Context, tx querier, s int64, typ string, o int64) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM relations WHERE subject_id = ? AND type = ? AND object_id = ?`, s, typ, o).Scan(&id)
	if err == nil {
		return id, false, nil
	} else if err != sql.ErrNoRows {
		return 0, false, fmt.Errorf("find relation: %w", err)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO relations (subject_id, type, object_id) VALUES (?, ?, ?)`, s, typ, o)
	if err != nil {
		return 0, false, fmt.Errorf("insert relation %s: %w", typ, err)
	}
	id, err = r.LastInsertId()
	return id, true, err
}

// null stores empty strings as NULL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// foldName folds ASCII letters as SQLite's NOCASE collation does.
func foldName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// ArticleIndex looks articles up by their hash on a connection of its own,
// kept until Close: ingest asks before extracting, so that a re-run
// spends nothing on what it already has, and asks beside the writer
// without taking its connection (whose prepared statements would be
// prepared again on another).
type ArticleIndex struct {
	db   *DB
	conn *sql.Conn
	stmt *sql.Stmt
}

// ArticleIndex opens an index of the stored articles.
func (db *DB) ArticleIndex(ctx context.Context) (*ArticleIndex, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	stmt, err := conn.PrepareContext(ctx, `SELECT COUNT(*) FROM articles WHERE hash = ?`)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &ArticleIndex{db, conn, stmt}, nil
}

// Has says whether an article of this cleaned text is stored (by its
// Hash).
func (x *ArticleIndex) Has(ctx context.Context, text string) (bool, error) {
	var n int
	if err := x.stmt.QueryRowContext(ctx, Hash(text)).Scan(&n); err != nil {
		return false, x.db.Diagnose(ctx, fmt.Errorf("find article: %w", err))
	}
	return n > 0, nil
}

// Close gives the connection back.
func (x *ArticleIndex) Close() error {
	x.stmt.Close()
	return x.conn.Close()
}
