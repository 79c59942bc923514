package db

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph"
)

// BulkLoad stores a graph given as entities and facts (ids as the slices
// give them) in one transaction, many rows per statement: how benchmarks
// and tests build an archive-sized database of the project's schema
// without extracting articles. Each fact becomes a relation with Weight
// pieces of evidence, one article per articlesEvery facts. The database
// must be empty.
func (db *DB) BulkLoad(ctx context.Context, ents []newsgraph.Entity, facts []newsgraph.Fact, articlesEvery int) error {
	if articlesEvery < 1 {
		articlesEvery = 1
	}
	db.dropIndex() // the next batch reads the entities loaded here
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM entities`).Scan(&n); err != nil || n > 0 {
		return fmt.Errorf("bulk load: the database is not empty (%d entities, %v)", n, err)
	}
	const batch = 100
	insert := func(head string, cols int, rows int, arg func(i int) []any) error {
		for lo := 0; lo < rows; lo += batch {
			hi := min(rows, lo+batch)
			var args []any
			for i := lo; i < hi; i++ {
				args = append(args, arg(i)...)
			}
			if _, err := tx.ExecContext(ctx, multiRow(head, cols, hi-lo), args...); err != nil {
				return fmt.Errorf("bulk load: %w", err)
			}
		}
		return nil
	}
	if err := insert(`INSERT INTO entities (id, name, type, norm, surname) VALUES `, 5, len(ents), func(i int) []any {
		e := ents[i]
		norm := Normalize(e.Name)
		return []any{e.ID, e.Name, e.Type, norm, surnameOf(norm)}
	}); err != nil {
		return err
	}
	articles := (len(facts) + articlesEvery - 1) / articlesEvery
	if err := insert(`INSERT INTO articles (id, source, title, published, text, hash) VALUES `, 6, articles, func(i int) []any {
		return []any{i + 1, "bulk", fmt.Sprintf("Article %d", i+1), facts[i*articlesEvery].Date, "Generated article.", fmt.Sprintf("bulk-%d", i+1)}
	}); err != nil {
		return err
	}
	if err := insert(`INSERT INTO relations (id, subject_id, type, object_id) VALUES `, 4, len(facts), func(i int) []any {
		f := facts[i]
		return []any{f.ID, f.SubjectID, f.Relation, f.ObjectID}
	}); err != nil {
		return err
	}
	type ev struct {
		fact, k int
	}
	var evs []ev
	for i, f := range facts {
		for k := 0; k < max(1, f.Weight); k++ {
			evs = append(evs, ev{i, k})
		}
	}
	if err := insert(`INSERT INTO evidence (relation_id, article_id, sentence_start, sentence_end, sentence, date, date_precision, confidence, rule) VALUES `, 9, len(evs), func(i int) []any {
		f := facts[evs[i].fact]
		var date, prec any
		if f.Date != "" {
			date, prec = f.Date, "day"
		}
		return []any{f.ID, evs[i].fact/articlesEvery + 1, evs[i].k * 100, evs[i].k*100 + 50, f.Evidence, date, prec, f.Confidence, "bulk"}
	}); err != nil {
		return err
	}
	if err := indexPending(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
