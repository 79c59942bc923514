package db

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// AnalysisInfo describes one run of the analytics.
type AnalysisInfo struct {
	ComputedAt  string  `json:"computed_at"`
	Entities    int     `json:"entities"`
	Relations   int     `json:"relations"`
	Modularity  float64 `json:"modularity"`
	Communities int     `json:"communities"`
	Components  int     `json:"components"`
	Exact       bool    `json:"exact"`
	Filter      string  `json:"filter"`
}

// SaveMetrics replaces the stored measures with these, in one
// transaction, so sqlite3 users can sort entities by them.
//
// Foreign keys are off on its connection while it writes: with them on,
// SQLite deletes the previous measures row by row (0.5-0.7 s for 100,000
// entities and 340,000 layer rows) instead of emptying the tables at once,
// and looks up each new row's entity as it is written. The rows written
// are checked against entities before the transaction commits, so that a
// measure of an entity deleted meanwhile fails the save as it did.
func (db *DB) SaveMetrics(ctx context.Context, ms []newsgraph.Metrics, info AnalysisInfo) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer func() {
		// Back to the pool as it came; dropped if that fails.
		if _, onErr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); onErr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = cmp.Or(err, onErr)
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM entity_layers`, `DELETE FROM entity_metrics`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear metrics: %w", err)
		}
	}

	// Many rows per statement: 100,000 entities' measures and their layers
	// take a third of the time they took one row at a time.
	metrics := rowBatch{head: `INSERT INTO entity_metrics (entity_id, in_degree, out_degree, degree, weighted_degree,
		pagerank, betweenness, closeness, component, core, community) VALUES `, cols: 11}
	layers := rowBatch{head: `INSERT INTO entity_layers (entity_id, layer, community) VALUES `, cols: 3}
	defer metrics.close()
	defer layers.close()
	// In id order, the order of both tables' keys: each row goes at the
	// end of its b-tree.
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ms[a].EntityID, ms[b].EntityID) })
	// The layers' names, sorted once: a handful for every entity.
	seen := map[string]bool{}
	for _, m := range ms {
		for name := range m.Layers {
			seen[name] = true
		}
	}
	names := slices.Sorted(maps.Keys(seen))
	for _, i := range order {
		m := &ms[i]
		if err := metrics.add(ctx, tx, m.EntityID, m.InDegree, m.OutDegree, m.Degree, m.WeightedDegree,
			m.PageRank, m.Betweenness, m.Closeness, m.Component, m.Core, m.Community); err != nil {
			return fmt.Errorf("save metrics: %w", err)
		}
		// In name order, not the map's random order, so the same
		// measures make the same file.
		for _, name := range names {
			if c, ok := m.Layers[name]; ok {
				if err := layers.add(ctx, tx, m.EntityID, name, c); err != nil {
					return fmt.Errorf("save layers: %w", err)
				}
			}
		}
	}
	if err := metrics.flush(ctx, tx); err != nil {
		return fmt.Errorf("save metrics: %w", err)
	}
	if err := layers.flush(ctx, tx); err != nil {
		return fmt.Errorf("save layers: %w", err)
	}
	for _, table := range []string{"entity_metrics", "entity_layers"} {
		var orphans int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check(?)`, table).Scan(&orphans); err != nil {
			return fmt.Errorf("check %s: %w", table, err)
		}
		if orphans > 0 {
			return fmt.Errorf("save metrics: %d rows of %s name no entity: FOREIGN KEY constraint failed", orphans, table)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO analyses (entities, relations, modularity, communities, components, exact, filter)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, info.Entities, info.Relations, info.Modularity, info.Communities, info.Components, info.Exact, info.Filter); err != nil {
		return fmt.Errorf("record analysis: %w", err)
	}
	return tx.Commit()
}

// rowBatch inserts rows rowsPerInsert at a time, in the order added,
// through one statement prepared for a full batch.
type rowBatch struct {
	head string // INSERT INTO t (...) VALUES
	cols int
	args []any
	n    int
	full *sql.Stmt
}

const rowsPerInsert = 100

func (b *rowBatch) add(ctx context.Context, tx *sql.Tx, row ...any) error {
	b.args = append(b.args, row...)
	b.n++
	if b.n < rowsPerInsert {
		return nil
	}
	return b.flush(ctx, tx)
}

func (b *rowBatch) flush(ctx context.Context, tx *sql.Tx) error {
	if b.n == 0 {
		return nil
	}
	q := multiRow(b.head, b.cols, b.n)
	var err error
	if b.n == rowsPerInsert {
		if b.full == nil {
			if b.full, err = tx.PrepareContext(ctx, q); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = tx.ExecContext(ctx, q, b.args...)
	}
	b.args, b.n = b.args[:0], 0
	return err
}

// close closes the prepared statement.
func (b *rowBatch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// LastAnalysis returns the latest run, or ErrNotFound.
func (db *DB) LastAnalysis(ctx context.Context) (AnalysisInfo, error) {
	var a AnalysisInfo
	err := db.sql.QueryRowContext(ctx, `SELECT computed_at, entities, relations, modularity, communities, components, exact, filter
		FROM analyses ORDER BY id DESC LIMIT 1`).Scan(&a.ComputedAt, &a.Entities, &a.Relations, &a.Modularity, &a.Communities, &a.Components, &a.Exact, &a.Filter)
	if err != nil {
		return a, fmt.Errorf("no analysis: run newsgraph analyze (%w)", ErrNotFound)
	}
	return a, nil
}

// Ranked is an entity with its measures.
type Ranked struct {
	newsgraph.Entity
	Metrics newsgraph.Metrics `json:"metrics"`
}

// RankBy are the measures Rank sorts by.
var RankBy = []string{"pagerank", "betweenness", "closeness", "degree", "weighted_degree", "in_degree", "out_degree", "core"}

// Rank lists entities by a stored measure, highest first.
func (db *DB) Rank(ctx context.Context, by, typ string, community, limit int) ([]Ranked, error) {
	ok := false
	for _, b := range RankBy {
		ok = ok || b == by
	}
	if !ok {
		return nil, fmt.Errorf("cannot rank by %q: give one of %s", by, strings.Join(RankBy, ", "))
	}
	q := `SELECT m.entity_id, m.in_degree, m.out_degree, m.degree, m.weighted_degree, m.pagerank, m.betweenness, m.closeness,
		m.component, m.core, m.community FROM entity_metrics m JOIN entities e ON e.id = m.entity_id WHERE e.merged_into IS NULL`
	var args []any
	if typ != "" {
		q += ` AND e.type = ?`
		args = append(args, typ)
	}
	if community >= 0 {
		q += ` AND m.community = ?`
		args = append(args, community)
	}
	q += ` ORDER BY m.` + by + ` DESC, e.name, e.id`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, limit)
	}
	ms, err := db.metricRows(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.EntityID
	}
	ents, err := db.entitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	layers, err := db.layers(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Ranked, 0, len(ms))
	for _, m := range ms {
		m.Layers = layers[m.EntityID]
		out = append(out, Ranked{Entity: ents[m.EntityID], Metrics: m})
	}
	return out, nil
}

func (db *DB) entitiesByID(ctx context.Context, ids []int64) (map[int64]newsgraph.Entity, error) {
	ents, err := db.Entities(ctx, EntityFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]newsgraph.Entity, len(ents))
	for _, e := range ents {
		out[e.ID] = e
	}
	return out, nil
}

func (db *DB) layers(ctx context.Context, ids []int64) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	for start := 0; start < len(ids); start += maxIDs {
		chunk := ids[start:min(len(ids), start+maxIDs)]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.sql.QueryContext(ctx, `SELECT entity_id, layer, community FROM entity_layers WHERE entity_id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var l string
			var c int
			if err := rows.Scan(&id, &l, &c); err != nil {
				rows.Close()
				return nil, err
			}
			if out[id] == nil {
				out[id] = map[string]int{}
			}
			out[id][l] = c
		}
		rows.Close()
	}
	return out, nil
}

// Community is one Louvain community: its size and its members with the
// highest PageRank.
type Community struct {
	ID      int      `json:"id"`
	Layer   string   `json:"layer,omitempty"`
	Size    int      `json:"size"`
	Leaders []string `json:"leaders"`
}

// Communities lists the stored communities, largest first, each with up
// to top members by PageRank; layer "" is the whole graph.
func (db *DB) Communities(ctx context.Context, layer string, top int) ([]Community, error) {
	q := `SELECT m.community, e.name FROM entity_metrics m JOIN entities e ON e.id = m.entity_id ORDER BY m.pagerank DESC, e.name, e.id`
	var args []any
	if layer != "" {
		q = `SELECT l.community, e.name FROM entity_layers l JOIN entity_metrics m ON m.entity_id = l.entity_id
			JOIN entities e ON e.id = l.entity_id WHERE l.layer = ? ORDER BY m.pagerank DESC, e.name, e.id`
		args = append(args, layer)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("communities: %w", err)
	}
	defer rows.Close()
	byID := map[int]*Community{}
	for rows.Next() {
		var c int
		var name string
		if err := rows.Scan(&c, &name); err != nil {
			return nil, err
		}
		x := byID[c]
		if x == nil {
			x = &Community{ID: c, Layer: layer, Leaders: []string{}}
			byID[c] = x
		}
		x.Size++
		if len(x.Leaders) < top {
			x.Leaders = append(x.Leaders, name)
		}
	}
	out := make([]Community, 0, len(byID))
	for _, c := range byID {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Size != out[j].Size {
			return out[i].Size > out[j].Size
		}
		return out[i].ID < out[j].ID
	})
	return out, rows.Err()
}

// Metrics returns the stored measures of entities, by id.
func (db *DB) Metrics(ctx context.Context) (map[int64]newsgraph.Metrics, error) {
	ms, err := db.metricRows(ctx, `SELECT entity_id, in_degree, out_degree, degree, weighted_degree, pagerank, betweenness, closeness,
		component, core, community FROM entity_metrics`)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]newsgraph.Metrics, len(ms))
	for _, m := range ms {
		out[m.EntityID] = m
	}
	return out, nil
}

// metricRows reads rows of the entity_metrics columns, in table order.
func (db *DB) metricRows(ctx context.Context, q string, args ...any) ([]newsgraph.Metrics, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []newsgraph.Metrics
	for rows.Next() {
		var m newsgraph.Metrics
		if err := rows.Scan(&m.EntityID, &m.InDegree, &m.OutDegree, &m.Degree, &m.WeightedDegree, &m.PageRank, &m.Betweenness,
			&m.Closeness, &m.Component, &m.Core, &m.Community); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}
