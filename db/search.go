package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph"
)

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
