package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

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
	res, err := db.storeArticle(ctx, a, ex)
	return res, db.Diagnose(ctx, err)
}

func (db *DB) storeArticle(ctx context.Context, a newsgraph.Article, ex newsgraph.Extraction) (StoreResult, error) {
	var res StoreResult
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer stx.Rollback()
	tx := db.prepared(stx)
	hash := Hash(a.Text)
	err = tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE hash = ?`, hash).Scan(&res.ArticleID)
	if err == nil {
		res.Duplicate = true
		return res, nil
	} else if err != sql.ErrNoRows {
		return res, fmt.Errorf("find article: %w", err)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO articles (source, url, external_id, title, published, date_source, text, hash, models)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Source, null(a.URL), null(a.ExternalID), null(a.Title), null(a.Date), null(a.DateSource), a.Text, hash, null(ex.Models))
	if err != nil {
		return res, fmt.Errorf("insert article: %w", err)
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
	created := map[entityKey]int64{} // entities this transaction created
	ids := make([]int64, len(ex.Mentions))
	for i, m := range ex.Mentions {
		id, isNew, err := db.entityID(ctx, tx, m.Canonical, m.Type, created)
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO mentions (article_id, entity_id, start, "end", text, role) VALUES (?, ?, ?, ?, ?, ?)`,
			res.ArticleID, id, m.Start, m.End, m.Text, null(m.Role)); err != nil {
			return res, fmt.Errorf("insert mention: %w", err)
		}
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
	if err := refreshStale(ctx, tx); err != nil {
		return res, err
	}
	if err := stx.Commit(); err != nil {
		return res, err
	}
	for k, id := range created {
		db.entityIDs[k] = id
	}
	return res, nil
}

// entityID finds or creates the entity (name, type). Names compare without
// regard to case. Ids of committed entities are cached; ids created in this
// transaction go to created, and reach the cache only on commit.
func (db *DB) entityID(ctx context.Context, tx querier, name, typ string, created map[entityKey]int64) (int64, bool, error) {
	k := entityKey{foldName(name), typ}
	if id, ok := db.entityIDs[k]; ok {
		return id, false, nil
	}
	if id, ok := created[k]; ok {
		return id, false, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM entities WHERE name = ? COLLATE NOCASE AND type = ?`, name, typ).Scan(&id)
	switch {
	case err == nil:
		db.entityIDs[k] = id
		return id, false, nil
	case err != sql.ErrNoRows:
		return 0, false, fmt.Errorf("find entity: %w", err)
	}
	key := Normalize(name)
	r, err := tx.ExecContext(ctx, `INSERT INTO entities (name, type, norm) VALUES (?, ?, ?)`, name, typ, key)
	if err != nil {
		return 0, false, fmt.Errorf("insert entity %q: %w", name, err)
	}
	if id, err = r.LastInsertId(); err != nil {
		return 0, false, err
	}
	created[k] = id
	if err := db.resolveNew(ctx, tx, id, name, typ, key); err != nil {
		return 0, false, fmt.Errorf("resolve entity %q: %w", name, err)
	}
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
