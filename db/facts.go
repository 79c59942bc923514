package db

import (
	"context"
	"fmt"
)

// refreshStale recomputes the fact rows of the roots that merges, splits
// and undos marked stale in this transaction (the fact_rows_merge
// trigger): their rows are deleted and rebuilt from their relations and
// evidence, the way migration 0006 first filled the table. New evidence
// needs no call: its trigger updates its fact in place. Every write
// transaction that can move entities between roots calls it before
// committing, so that the facts view never shows a merge half-applied.
func refreshStale(ctx context.Context, tx querier) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM fact_stale`).Scan(&n); err != nil {
		return fmt.Errorf("stale facts: %w", err)
	}
	if n == 0 {
		return nil
	}
	for _, q := range []string{
		`DELETE FROM fact_rows WHERE subject_id IN (SELECT root FROM fact_stale) OR object_id IN (SELECT root FROM fact_stale)`,
		`INSERT INTO fact_rows (id, subject_id, type, object_id, symmetric, weight, first_date, last_date,
			evidence_id, date, date_precision, confidence)
		WITH members AS (
			SELECT id FROM entities WHERE id IN (SELECT root FROM fact_stale) AND merged_into IS NULL
			UNION SELECT id FROM entities WHERE merged_into IN (SELECT root FROM fact_stale)
		), rel AS (
			SELECT id FROM relations WHERE subject_id IN members
			UNION SELECT id FROM relations WHERE object_id IN members
		), k AS (
			SELECT r.id, r.type, t.symmetric,
				CASE WHEN t.symmetric AND ro.root < rs.root THEN ro.root ELSE rs.root END AS subject_id,
				CASE WHEN t.symmetric AND ro.root < rs.root THEN rs.root ELSE ro.root END AS object_id
			FROM rel JOIN relations r ON r.id = rel.id
			JOIN entity_roots rs  ON rs.id = r.subject_id
			JOIN entity_roots ro  ON ro.id = r.object_id
			JOIN relation_types t ON t.name = r.type
			WHERE rs.root <> ro.root
		), ev AS (
			SELECT k.subject_id, k.type, k.object_id, k.symmetric, e.id AS evidence_id, e.date, e.date_precision, e.confidence,
				ROW_NUMBER() OVER (PARTITION BY k.subject_id, k.type, k.object_id
					ORDER BY e.confidence DESC, e.date IS NULL, e.id) AS rank,
				COUNT(*) OVER w AS weight, MIN(e.date) OVER w AS first_date, MAX(e.date) OVER w AS last_date,
				MIN(k.id) OVER w AS fact_id
			FROM k JOIN evidence e ON e.relation_id = k.id
			WINDOW w AS (PARTITION BY k.subject_id, k.type, k.object_id)
		)
		SELECT fact_id, subject_id, type, object_id, symmetric, weight, first_date, last_date,
			evidence_id, date, date_precision, confidence
		FROM ev WHERE rank = 1`,
		`DELETE FROM fact_stale`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("refresh facts: %w", err)
		}
	}
	return nil
}

// refreshFacts recomputes, in a transaction of its own, the facts left
// stale outside one: migration 0006 marks every root so (fact_rows is
// first filled here, by the same code as every later refresh), and a
// change made with another program's SQL may too.
func (db *DB) refreshFacts(ctx context.Context) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM fact_stale`).Scan(&n); err != nil || n == 0 {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := refreshStale(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
