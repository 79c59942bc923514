package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// indexPending adds the articles and evidence listed in fts_pending to the
// full-text indexes, in one statement each, and empties the list
// (migration 0009): every write transaction that stores articles or
// evidence calls it before committing, so that the indexes follow every
// commit, at one write of the index per transaction.
func indexPending(ctx context.Context, tx querier) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM fts_pending LIMIT 1)`).Scan(&n); err != nil {
		return fmt.Errorf("pending full-text rows: %w", err)
	}
	if n == 0 {
		return nil
	}
	for _, q := range []string{
		`INSERT INTO article_fts (rowid, title, text)
		SELECT a.id, a.title, a.text FROM fts_pending p JOIN articles a ON a.id = p.id WHERE p.kind = 'article'`,
		`INSERT INTO evidence_fts (rowid, sentence)
		SELECT e.id, e.sentence FROM fts_pending p JOIN evidence e ON e.id = p.id WHERE p.kind = 'evidence'`,
		`DELETE FROM fts_pending`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("full-text index: %w", err)
		}
	}
	return nil
}

// indexLeftovers indexes, in a transaction of its own, the rows another
// program's inserts left in fts_pending.
func (db *DB) indexLeftovers(ctx context.Context) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM fts_pending LIMIT 1)`).Scan(&n); err != nil || n == 0 {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := indexPending(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ArticleHit is an article whose title or text matched a search.
type ArticleHit struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Date    string `json:"date,omitempty"`
	Source  string `json:"source"`
	Snippet string `json:"snippet"` // the matching passage, matches in [brackets]
}

// Search finds, through the full-text indexes (FTS5, migration 0008), the
// facts whose evidence matches query and the articles whose title or text
// does, best matches first, up to limit each. The query is FTS5's syntax
// ("ambassador AND iraq", "\"claimed responsibility\"", "minist*"); one
// FTS5 cannot parse (a stray quote, "U.S.") is searched as a phrase. A
// fact comes with the sentence that matched as its evidence.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]newsgraph.Fact, []ArticleHit, error) {
	facts, err := db.searchFacts(ctx, query, limit)
	if err != nil && ctx.Err() == nil {
		// FTS5's own syntax errors ("unterminated string", "fts5: syntax
		// error near ...") carry no code of their own: search the words
		// as a phrase.
		query = `"` + strings.ReplaceAll(query, `"`, `""`) + `"`
		facts, err = db.searchFacts(ctx, query, limit)
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT a.id, COALESCE(a.title, ''), COALESCE(a.published, ''), a.source,
			snippet(article_fts, 1, '[', ']', '…', 16)
		FROM article_fts JOIN articles a ON a.id = article_fts.rowid
		WHERE article_fts MATCH ? ORDER BY rank LIMIT ?`, query, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("search articles: %w", err)
	}
	defer rows.Close()
	var arts []ArticleHit
	for rows.Next() {
		var h ArticleHit
		if err := rows.Scan(&h.ID, &h.Title, &h.Date, &h.Source, &h.Snippet); err != nil {
			return nil, nil, err
		}
		arts = append(arts, h)
	}
	return facts, arts, rows.Err()
}

func (db *DB) searchFacts(ctx context.Context, query string, limit int) ([]newsgraph.Fact, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT COALESCE(fe.fact_id, 0), fe.subject, fe.relation, fe.object, COALESCE(fe.date, ''),
			COALESCE(fe.date_precision, ''), fe.confidence, fe.evidence, fe.article_id, COALESCE(fe.article, ''), fe.rule,
			COALESCE(fe.role, ''), COALESCE(fe.modality, '')
		FROM evidence_fts JOIN fact_evidence fe ON fe.evidence_id = evidence_fts.rowid
		WHERE evidence_fts MATCH ? ORDER BY rank LIMIT ?`, query, limit)
	if err != nil {
		return nil, fmt.Errorf("search evidence: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Fact
	for rows.Next() {
		var f newsgraph.Fact
		if err := rows.Scan(&f.ID, &f.Subject, &f.Relation, &f.Object, &f.Date, &f.DatePrecision, &f.Confidence, &f.Evidence,
			&f.ArticleID, &f.Article, &f.Rule, &f.Role, &f.Modality); err != nil {
			return nil, err
		}
		f.Weight = 1
		out = append(out, f)
	}
	return out, rows.Err()
}
