package db

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

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
// string for it.
func (db *DB) Edges(ctx context.Context, f FactFilter) ([]newsgraph.Edge, error) {
	where, args := factWhere(f)
	// fact_rows under the facts view's column names, which the filters
	// use; entity types only when a filter reads them.
	from := `(SELECT f.id, f.subject_id, f.object_id, f.type AS relation, f.weight, f.symmetric, f.confidence,
		f.date, f.first_date, f.last_date FROM fact_rows f)`
	if len(f.EntityTypes) > 0 {
		from = `(SELECT f.id, f.subject_id, f.object_id, f.type AS relation, f.weight, f.symmetric, f.confidence,
			f.date, f.first_date, f.last_date, s.type AS subject_type, o.type AS object_type
			FROM fact_rows f JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id)`
	}
	q := `SELECT id, subject_id, object_id, relation, weight FROM ` + from
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id`
	n := 0
	if len(where) == 0 {
		// The whole table: size the array once.
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM fact_rows`).Scan(&n); err != nil {
			return nil, fmt.Errorf("count facts: %w", err)
		}
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read edges: %w", err)
	}
	defer rows.Close()
	out := make([]newsgraph.Edge, 0, n)
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

// Nodes reads the root entities among ids (or, for a merged entity, its
// root) in id order, with their name, type and mentions (counting the
// entities merged into them, as Entities does): what numbering a graph's
// nodes needs, without the aliases and article counts Entities adds. The
// ids go to SQLite as one JSON array, not in parts.
func (db *DB) Nodes(ctx context.Context, ids []int64) ([]newsgraph.Entity, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list := make([]byte, 0, 8*len(ids)+2)
	list = append(list, '[')
	for i, id := range ids {
		if i > 0 {
			list = append(list, ',')
		}
		list = strconv.AppendInt(list, id, 10)
	}
	list = append(list, ']')
	rows, err := db.sql.QueryContext(ctx, `SELECT e.id, e.name, e.type,
		(SELECT COUNT(*) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id))
		FROM entities e WHERE e.merged_into IS NULL
		AND e.id IN (SELECT COALESCE(merged_into, id) FROM entities WHERE id IN (SELECT value FROM json_each(?)))
		ORDER BY e.id`, string(list))
	if err != nil {
		return nil, fmt.Errorf("read nodes: %w", err)
	}
	defer rows.Close()
	out := make([]newsgraph.Entity, 0, len(ids))
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
