package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Reading a graph one row at a time, for the exports: the entities the
// facts link, in id order, then the facts, each handed on as it is read,
// so that memory does not grow with the archive.

// factsFrom is fact_rows under the facts view's column names (which
// factWhere's filters use), with what exports write of each fact's best
// evidence; with types, the ends' entity types too.
func factsFrom(types bool) string {
	cols, joins := ``, ``
	if types {
		cols = `, s.type AS subject_type, o.type AS object_type`
		joins = ` JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id`
	}
	return `(SELECT f.id, f.subject_id, f.object_id, f.type AS relation, f.weight, f.confidence, f.date, f.first_date,
		f.last_date, f.symmetric, f.evidence_id` + cols + ` FROM fact_rows f` + joins + `)`
}

// EachFact calls fn with every fact f selects, one row at a time: in id
// order, or with f.ByPair by subject, object and id (Limit is ignored).
// Each fact carries what the exports write of it: ids, relation, weight,
// confidence, dates, and its best evidence's sentence, article title and
// rule; names, entity types, role and modality are left empty. The Fact
// is reused from one call to the next. It stops at fn's first error.
func (db *DB) EachFact(ctx context.Context, f FactFilter, fn func(*newsgraph.Fact) error) error {
	where, args := factWhere(f)
	kept := factsFrom(len(f.EntityTypes) > 0)
	if len(where) > 0 {
		// Filtered apart from the joins, whose tables have columns of
		// the same names.
		kept = `(SELECT * FROM ` + kept + ` WHERE ` + strings.Join(where, ` AND `) + `)`
	}
	q := `SELECT x.id, x.subject_id, x.object_id, x.relation, x.weight, x.confidence, COALESCE(x.date, ''),
		COALESCE(x.first_date, ''), COALESCE(x.last_date, ''), x.symmetric, e.sentence, COALESCE(a.title, ''), e.rule
		FROM ` + kept + ` x JOIN evidence e ON e.id = x.evidence_id JOIN articles a ON a.id = e.article_id`
	if f.ByPair {
		q += ` ORDER BY x.subject_id, x.object_id, x.id`
	} else {
		q += ` ORDER BY x.id`
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	defer rows.Close()
	var x newsgraph.Fact
	var rel, date, first, last, rule sql.RawBytes
	strs := interned{}
	for rows.Next() {
		if err := rows.Scan(&x.ID, &x.SubjectID, &x.ObjectID, &rel, &x.Weight, &x.Confidence, &date, &first, &last,
			&x.Symmetric, &x.Evidence, &x.Article, &rule); err != nil {
			return fmt.Errorf("read facts: %w", err)
		}
		// Relations, dates and rules repeat: one string each.
		x.Relation, x.Date, x.FirstDate, x.LastDate, x.Rule = strs.of(rel), strs.of(date), strs.of(first), strs.of(last), strs.of(rule)
		if err := fn(&x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	return nil
}

// interned keeps one string per distinct value, up to a bound.
type interned map[string]string

func (m interned) of(b []byte) string {
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(m) < 100_000 {
		m[s] = s
	}
	return s
}

// EachFactEnds calls fn with the two entities and the first date (or
// the date, or "") of every fact f selects, in no particular order: what
// a timeline of the nodes needs.
func (db *DB) EachFactEnds(ctx context.Context, f FactFilter, fn func(subject, object int64, first string) error) error {
	where, args := factWhere(f)
	q := `SELECT subject_id, object_id, COALESCE(first_date, date, '') FROM ` + factsFrom(len(f.EntityTypes) > 0)
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	defer rows.Close()
	var s, o int64
	var first sql.RawBytes
	dates := interned{}
	for rows.Next() {
		if err := rows.Scan(&s, &o, &first); err != nil {
			return fmt.Errorf("read facts: %w", err)
		}
		if err := fn(s, o, dates.of(first)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	return nil
}

// linked is the condition that a root entity e is an end of a fact f
// selects, and its arguments.
func linked(f FactFilter) (string, []any) {
	where, args := factWhere(f)
	if len(where) == 0 {
		// Every fact: an index seek per entity and end.
		return `(EXISTS (SELECT 1 FROM fact_rows WHERE subject_id = e.id) OR EXISTS (SELECT 1 FROM fact_rows WHERE object_id = e.id))`, nil
	}
	from, cond := factsFrom(len(f.EntityTypes) > 0), strings.Join(where, ` AND `)
	return `e.id IN (SELECT subject_id FROM ` + from + ` WHERE ` + cond + ` UNION SELECT object_id FROM ` + from + ` WHERE ` + cond + `)`,
		append(args, args...)
}

// EachNode calls fn with every root entity linked by a fact f selects, in
// id order, read as Entities reads entities (aliases, mentions and
// articles counting the entities merged into it), and with measures its
// stored measures (nil for an entity without; Layers are not read). It
// stops at fn's first error.
func (db *DB) EachNode(ctx context.Context, f FactFilter, measures bool, fn func(newsgraph.Entity, *newsgraph.Metrics) error) error {
	cond, args := linked(f)
	cols, join := ``, ``
	if measures {
		cols = `, m.entity_id IS NOT NULL, COALESCE(m.in_degree, 0), COALESCE(m.out_degree, 0), COALESCE(m.degree, 0),
			COALESCE(m.weighted_degree, 0), COALESCE(m.pagerank, 0), COALESCE(m.betweenness, 0), COALESCE(m.closeness, 0),
			COALESCE(m.component, 0), COALESCE(m.core, 0), COALESCE(m.community, 0)`
		join = ` LEFT JOIN entity_metrics m ON m.entity_id = e.id`
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+entityColumns+cols+` FROM entities e`+join+`
		WHERE e.merged_into IS NULL AND `+cond+` ORDER BY e.id`, args...)
	if err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e newsgraph.Entity
		var aliases string
		var m newsgraph.Metrics
		var has bool
		dest := []any{&e.ID, &e.Name, &e.Type, &e.Mentions, &e.Articles, &aliases}
		if measures {
			dest = append(dest, &has, &m.InDegree, &m.OutDegree, &m.Degree, &m.WeightedDegree, &m.PageRank, &m.Betweenness,
				&m.Closeness, &m.Component, &m.Core, &m.Community)
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read entities: %w", err)
		}
		e.Aliases = splitAliases(aliases)
		var mp *newsgraph.Metrics
		if has {
			m.EntityID = e.ID
			mp = &m
		}
		if err := fn(e, mp); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read entities: %w", err)
	}
	return nil
}

// MeasuresCover reports whether every root entity linked by a fact f
// selects has stored measures.
func (db *DB) MeasuresCover(ctx context.Context, f FactFilter) (bool, error) {
	cond, args := linked(f)
	var missing bool
	err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM entities e WHERE e.merged_into IS NULL AND `+cond+`
		AND NOT EXISTS (SELECT 1 FROM entity_metrics m WHERE m.entity_id = e.id))`, args...).Scan(&missing)
	if err != nil {
		return false, fmt.Errorf("check measures: %w", err)
	}
	return !missing, nil
}

// MaxPageRank returns the largest stored PageRank, 0 when none is stored.
func (db *DB) MaxPageRank(ctx context.Context) (float64, error) {
	var pr float64
	if err := db.sql.QueryRowContext(ctx, `SELECT COALESCE(MAX(pagerank), 0) FROM entity_metrics`).Scan(&pr); err != nil {
		return 0, fmt.Errorf("largest pagerank: %w", err)
	}
	return pr, nil
}
