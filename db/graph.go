package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph"
)

// Reading a whole graph for its measures: the facts as edges (ids, type,
// weight) and their entities with what numbering nodes needs (name,
// mentions), in arrays read once, without the names, evidence and
// articles that the facts view joins to every row. At 100,000 entities
// and 500,000 facts this is the difference between a gigabyte of
// newsgraph.Fact values and 24 MB of edges.

// Edges reads the facts f selects as edges, in id order (f.ByID, Limit
// and Lean are ignored). Every edge of one relation type shares one
// string for it. The two halves of the id range are read at once, each
// on its own connection: at 500,000 facts reading rows costs more than
// finding them, and the machine has a second core for it.
func (db *DB) Edges(ctx context.Context, f FactFilter) ([]newsgraph.Edge, error) {
	var lo, hi sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM fact_rows`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("read edges: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	mid := lo.Int64 + (hi.Int64-lo.Int64)/2
	var parts [2][]newsgraph.Edge
	err := inHalves(func(half int) error {
		var err error
		if half == 0 {
			parts[0], err = db.edges(ctx, f, lo.Int64, mid)
		} else {
			parts[1], err = db.edges(ctx, f, mid+1, hi.Int64)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(parts[0], parts[1]...), nil
}

// inHalves runs read(0) and read(1) at once and returns the first error.
func inHalves(read func(half int) error) error {
	var errs [2]error
	var wg sync.WaitGroup
	for half := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[half] = read(half)
		}()
	}
	wg.Wait()
	return cmp.Or(errs[0], errs[1])
}

// edges reads the edges f selects with ids from lo to hi.
func (db *DB) edges(ctx context.Context, f FactFilter, lo, hi int64) ([]newsgraph.Edge, error) {
	where, args := factWhere(f)
	where, args = append(where, `id BETWEEN ? AND ?`), append(args, lo, hi)
	// fact_rows under the facts view's column names, which the filters
	// use; entity types only when a filter reads them.
	from := `(SELECT f.id, f.subject_id, f.object_id, f.type AS relation, f.weight, f.symmetric, f.confidence,
		f.date, f.first_date, f.last_date FROM fact_rows f)`
	if len(f.EntityTypes) > 0 {
		from = `(SELECT f.id, f.subject_id, f.object_id, f.type AS relation, f.weight, f.symmetric, f.confidence,
			f.date, f.first_date, f.last_date, s.type AS subject_type, o.type AS object_type
			FROM fact_rows f JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id)`
	}
	q := `SELECT id, subject_id, object_id, relation, weight FROM ` + from + ` WHERE ` + strings.Join(where, ` AND `) + ` ORDER BY id`
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read edges: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Edge
	types := map[string]string{}
	var rel sql.RawBytes
	for rows.Next() {
		var e newsgraph.Edge
		if err := rows.Scan(&e.ID, &e.SubjectID, &e.ObjectID, &rel, &e.Weight); err != nil {
			return nil, fmt.Errorf("read edges: %w", err)
		}
		t, ok := types[string(rel)]
		if !ok {
			t = string(rel)
			types[t] = t
		}
		e.Relation = t
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read edges: %w", err)
	}
	return out, nil
}

// Nodes reads the root entities linked by a fact f selects, in id order,
// with their name, type and mentions (counting the entities merged into
// them, as Entities does): what numbering a graph's nodes needs, without
// the aliases and article counts Entities adds. It needs no edges read
// first, so it can be read while Edges is.
func (db *DB) Nodes(ctx context.Context, f FactFilter) ([]newsgraph.Entity, error) {
	cond, args := linked(f)
	// The mentions of the root and of the entities merged into it are
	// counted apart: each count an index range.
	rows, err := db.sql.QueryContext(ctx, `SELECT e.id, e.name, e.type,
		(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id)
		+ (SELECT COUNT(*) FROM entities x JOIN mentions m ON m.entity_id = x.id WHERE x.merged_into = e.id)
		FROM entities e WHERE e.merged_into IS NULL AND `+cond+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read nodes: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Entity
	for rows.Next() {
		var e newsgraph.Entity
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Mentions); err != nil {
			return nil, fmt.Errorf("read nodes: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read nodes: %w", err)
	}
	return out, nil
}
