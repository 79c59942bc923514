package db

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	edlib "github.com/hbollon/go-edlib"

	"github.com/newsgraph/newsgraph"
)

// Stats counts what the database holds.
type Stats struct {
	Articles  int `json:"articles"`
	Entities  int `json:"entities"`
	Mentions  int `json:"mentions"`
	Relations int `json:"relations"`
	Evidence  int `json:"evidence"`
}

// Stats counts rows of the main tables.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM entities WHERE merged_into IS NULL),
		(SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM relations),
		(SELECT COUNT(*) FROM evidence)`).Scan(&s.Articles, &s.Entities, &s.Mentions, &s.Relations, &s.Evidence)
	return s, err
}

// EntityFilter selects entities.
type EntityFilter struct {
	Type  string  // one entity type, "" for all
	Match string  // substring of the name or an alias, case-insensitive
	IDs   []int64 // only these
	Limit int     // 0 for no limit
}

// Entities lists entities (roots: an entity merged into another is part of
// it), most mentioned first. Mentions, articles and aliases count every
// entity merged in; the names of those are aliases.
func (db *DB) Entities(ctx context.Context, f EntityFilter) ([]newsgraph.Entity, error) {
	if len(f.IDs) > maxIDs {
		// SQLite limits the variables of one statement: ask in parts.
		var out []newsgraph.Entity
		for start := 0; start < len(f.IDs); start += maxIDs {
			part := f
			part.IDs = f.IDs[start:min(len(f.IDs), start+maxIDs)]
			ents, err := db.Entities(ctx, part)
			if err != nil {
				return nil, err
			}
			out = append(out, ents...)
		}
		return out, nil
	}
	where := []string{`e.merged_into IS NULL`}
	var args []any
	if f.Type != "" {
		where = append(where, `e.type = ?`)
		args = append(args, f.Type)
	}
	if f.Match != "" {
		where = append(where, `EXISTS (SELECT 1 FROM entities x WHERE (x.id = e.id OR x.merged_into = e.id) AND (x.name LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = x.id AND a.alias LIKE ? ESCAPE '\')))`)
		pat := "%" + likeEscape(f.Match) + "%"
		args = append(args, pat, pat)
	}
	if len(f.IDs) > 0 {
		where = append(where, `e.id IN (SELECT COALESCE(merged_into, id) FROM entities WHERE id IN (`+placeholders(len(f.IDs))+`))`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q := `SELECT ` + entityColumns + ` FROM entities e WHERE ` + strings.Join(where, ` AND `)
	q += ` ORDER BY n DESC, e.name, e.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list entities: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Entity
	for rows.Next() {
		var e newsgraph.Entity
		var aliases string
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Mentions, &e.Articles, &aliases); err != nil {
			return nil, err
		}
		e.Aliases = splitAliases(aliases)
		out = append(out, e)
	}
	return out, rows.Err()
}

// entityColumns are what Entities reads of a root entity e: id, name,
// type, mentions (as n), articles and aliases (separated by U+001F), the
// last three counting the entities merged into it. An entity with none
// merged into it, most of them, is read from its own rows alone, without
// the search for its members: five times faster over 100,000 entities.
const entityColumns = `e.id, e.name, e.type,
	CASE WHEN EXISTS (SELECT 1 FROM entities x WHERE x.merged_into = e.id) THEN
		(SELECT COUNT(*) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id))
	ELSE (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) END AS n,
	CASE WHEN EXISTS (SELECT 1 FROM entities x WHERE x.merged_into = e.id) THEN
		(SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id))
	ELSE (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) END,
	CASE WHEN EXISTS (SELECT 1 FROM entities x WHERE x.merged_into = e.id) THEN
		COALESCE((SELECT group_concat(alias, char(31)) FROM (
			SELECT a.alias FROM aliases a JOIN entities x ON x.id = a.entity_id WHERE (x.id = e.id OR x.merged_into = e.id) AND a.alias <> e.name
			UNION SELECT x.name FROM entities x WHERE x.merged_into = e.id AND x.name <> e.name
			ORDER BY 1)), '')
	ELSE COALESCE((SELECT group_concat(alias, char(31)) FROM (
		SELECT alias FROM aliases WHERE entity_id = e.id AND alias <> e.name ORDER BY 1)), '') END`

// splitAliases splits entityColumns' aliases.
func splitAliases(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\x1f")
}

// Lookup returns the entities whose name or an alias equals name, ignoring
// case, most mentioned first. When none does, a surname finds the people
// whose full name ends with it ("biden", "al-sudani"), though no article
// wrote it alone.
func (db *DB) Lookup(ctx context.Context, name string) ([]newsgraph.Entity, error) {
	// An entity of that name wins over entities that were once written so
	// ("Baghdad" the city, not Iraq, which "Baghdad" named in "talks
	// between Washington and Baghdad").
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT COALESCE(merged_into, id) FROM entities WHERE name = ? COLLATE NOCASE`, name)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", name, err)
	}
	ids, err := scanIDs(rows)
	if err == nil && len(ids) == 0 {
		rows, err = db.sql.QueryContext(ctx, `SELECT DISTINCT r.root FROM aliases a JOIN entity_roots r ON r.id = a.entity_id WHERE a.alias = ? COLLATE NOCASE`, name)
		if err != nil {
			return nil, fmt.Errorf("look up %q: %w", name, err)
		}
		ids, err = scanIDs(rows)
	}
	if err == nil && len(ids) == 0 && name != "" {
		tail := likeEscape(name)
		rows, err = db.sql.QueryContext(ctx, `SELECT id FROM entities WHERE type = 'PERSON'
			AND (name LIKE '% ' || ? ESCAPE '\' OR name LIKE '%-' || ? ESCAPE '\')`, tail, tail)
		if err != nil {
			return nil, fmt.Errorf("look up %q: %w", name, err)
		}
		ids, err = scanIDs(rows)
	}
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return db.Entities(ctx, EntityFilter{IDs: ids})
}

// scanColumn reads the one column of rows, then closes them.
func scanColumn[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanIDs(rows *sql.Rows) ([]int64, error) { return scanColumn[int64](rows) }

// Suggest returns up to n entity names close to name: names and aliases that
// contain it or a word of it, then the nearest by edit distance.
func (db *DB) Suggest(ctx context.Context, name string, n int) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.name, e.name FROM entities e JOIN entity_roots x ON x.id = e.id JOIN entities r ON r.id = x.root
		UNION ALL SELECT r.name, a.alias FROM aliases a JOIN entity_roots x ON x.id = a.entity_id JOIN entities r ON r.id = x.root`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Each name and alias, and each of their words of four letters or
	// more ("Netanyahu" for "netanyahoo", "Bidden" for "Joe Biden"), is
	// scored by Levenshtein similarity (go-edlib: one less the edits over
	// the longer length), Jaro-Winkler breaking ties; a name that holds
	// the query scores 1.
	want := strings.ToLower(name)
	best := map[string]float32{}
	for rows.Next() {
		var canon, form string
		if err := rows.Scan(&canon, &form); err != nil {
			return nil, err
		}
		f := strings.ToLower(form)
		score := similarity(want, f)
		if strings.Contains(f, want) {
			score = 2
		}
		for _, w := range strings.Fields(f) {
			if len([]rune(w)) >= 4 {
				score = max(score, similarity(want, w))
			}
		}
		if score < suggestFloor {
			continue
		}
		if old, ok := best[canon]; !ok || score > old {
			best[canon] = score
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(best))
	for c := range best {
		names = append(names, c)
	}
	sort.Slice(names, func(i, j int) bool {
		if best[names[i]] != best[names[j]] {
			return best[names[i]] > best[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	return names, nil
}

// suggestFloor is the Levenshtein similarity below which a name is no
// suggestion.
const suggestFloor = 0.65

// similarity is Levenshtein similarity plus a hundredth of Jaro-Winkler's:
// the fewest edits first, a shared beginning among equals.
func similarity(a, b string) float32 {
	lev, err := edlib.StringsSimilarity(a, b, edlib.Levenshtein)
	if err != nil {
		return 0
	}
	return lev + edlib.JaroWinklerSimilarity(a, b)/100
}

// FactFilter selects facts. Entity lists match either side of symmetric
// relations.
type FactFilter struct {
	Subjects []int64 // subject is one of these
	Objects  []int64 // object is one of these
	Entities []int64 // subject or object is one of these
	Types    []string
	MinConf  float64
	Between  [2]int64 // with both set: facts linking these two, either way
	Limit    int
	// EntityTypes keeps facts whose two ends are both of these types.
	EntityTypes []string
	// Since and Until keep dated facts whose evidence overlaps the period
	// (YYYY-MM-DD, either may be empty): undated facts go when either is set.
	Since, Until string
	MinWeight    int
	// ByID lists facts in id order instead of most supported first: what
	// a whole graph is loaded in, with no sort of every fact.
	ByID bool
	// ByPair lists facts by subject, then object, then id (DOT's order).
	ByPair bool
	// Lean reads what graph measures need (ids, types, relation, weight,
	// confidence, dates) and leaves names, evidence and article empty.
	Lean bool
}

// Facts lists relations with their best evidence, most supported first.
func (db *DB) Facts(ctx context.Context, f FactFilter) ([]newsgraph.Fact, error) {
	where, args := factWhere(f)
	from := `facts`
	if f.Lean {
		// fact_rows with the view's column names, the filters' too.
		from = `(SELECT f.id, f.subject_id, '' AS subject, s.type AS subject_type, f.type AS relation, f.object_id, '' AS object,
			o.type AS object_type, f.date, f.date_precision, f.confidence, '' AS evidence, f.weight, 0 AS article_id, '' AS article,
			'' AS role, '' AS modality, '' AS rule, f.symmetric, f.first_date, f.last_date
			FROM fact_rows f JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id)`
	}
	q := `SELECT id, subject_id, subject, subject_type, relation, object_id, object, object_type,
		COALESCE(date, ''), COALESCE(date_precision, ''), confidence, evidence, weight, article_id, COALESCE(article, ''),
		COALESCE(role, ''), COALESCE(modality, ''), rule, symmetric, COALESCE(first_date, ''), COALESCE(last_date, '') FROM ` + from
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	switch {
	case f.ByPair:
		q += ` ORDER BY subject_id, object_id, id`
	case f.ByID:
		q += ` ORDER BY id`
	default:
		q += ` ORDER BY weight DESC, confidence DESC, subject, relation, object, id`
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list facts: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.Fact
	for rows.Next() {
		var x newsgraph.Fact
		if err := rows.Scan(&x.ID, &x.SubjectID, &x.Subject, &x.SubjectType, &x.Relation, &x.ObjectID, &x.Object, &x.ObjectType,
			&x.Date, &x.DatePrecision, &x.Confidence, &x.Evidence, &x.Weight, &x.ArticleID, &x.Article, &x.Role, &x.Modality, &x.Rule, &x.Symmetric, &x.FirstDate, &x.LastDate); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// factWhere is the WHERE clause of f, over the facts view's column names,
// and its arguments.
func factWhere(f FactFilter) ([]string, []any) {
	var where []string
	var args []any
	in := func(col string, ids []int64) string {
		for _, id := range ids {
			args = append(args, id)
		}
		return col + ` IN (` + placeholders(len(ids)) + `)`
	}
	if len(f.Subjects) > 0 {
		s := in("subject_id", f.Subjects)
		where = append(where, `(`+s+` OR (symmetric = 1 AND `+in("object_id", f.Subjects)+`))`)
	}
	if len(f.Objects) > 0 {
		o := in("object_id", f.Objects)
		where = append(where, `(`+o+` OR (symmetric = 1 AND `+in("subject_id", f.Objects)+`))`)
	}
	if len(f.Entities) > 0 {
		where = append(where, `(`+in("subject_id", f.Entities)+` OR `+in("object_id", f.Entities)+`)`)
	}
	if a, b := f.Between[0], f.Between[1]; a != 0 && b != 0 {
		where = append(where, `((subject_id = ? AND object_id = ?) OR (subject_id = ? AND object_id = ?))`)
		args = append(args, a, b, b, a)
	}
	if len(f.Types) > 0 {
		where = append(where, `relation IN (`+placeholders(len(f.Types))+`)`)
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	if f.MinConf > 0 {
		where = append(where, `confidence >= ?`)
		args = append(args, f.MinConf)
	}
	if len(f.EntityTypes) > 0 {
		where = append(where, `subject_type IN (`+placeholders(len(f.EntityTypes))+`) AND object_type IN (`+placeholders(len(f.EntityTypes))+`)`)
		for range 2 {
			for _, t := range f.EntityTypes {
				args = append(args, t)
			}
		}
	}
	if f.MinWeight > 0 {
		where = append(where, `weight >= ?`)
		args = append(args, f.MinWeight)
	}
	// A fact's period is its evidence's first to last date (its best
	// evidence's date when those are unknown), as graph.Filter reads it.
	if f.Since != "" {
		where = append(where, `COALESCE(last_date, date) >= ?`)
		args = append(args, f.Since)
	}
	if f.Until != "" {
		where = append(where, `COALESCE(first_date, date) <= ?`)
		args = append(args, f.Until)
	}
	return where, args
}

// ArticleRef names an article an entity appears in.
type ArticleRef struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Date     string `json:"date"`
	Source   string `json:"source"`
	Mentions int    `json:"mentions"`
}

// EntityArticles lists the articles that mention an entity.
func (db *DB) EntityArticles(ctx context.Context, id int64) ([]ArticleRef, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT a.id, COALESCE(a.title, ''), COALESCE(a.published, ''), a.source, COUNT(*)
		FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE m.entity_id IN (SELECT id FROM entities WHERE id = ? OR merged_into = ?)
		GROUP BY a.id ORDER BY a.published, a.id`, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ArticleRef
	for rows.Next() {
		var a ArticleRef
		if err := rows.Scan(&a.ID, &a.Title, &a.Date, &a.Source, &a.Mentions); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// maxIDs is the most ids one query binds.
const maxIDs = 500

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// multiRow returns head followed by rows groups of cols placeholders: an
// INSERT of many rows in one statement.
func multiRow(head string, cols, rows int) string {
	row := "(" + placeholders(cols) + ")"
	return head + strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// IDs returns the ids of entities.
func IDs(ents []newsgraph.Entity) []int64 {
	out := make([]int64, len(ents))
	for i, e := range ents {
		out[i] = e.ID
	}
	return out
}

// FactsBetween returns the facts linking two root entities, either way, as
// the facts view would, but read through the indexes of the two entities'
// relations: the view aggregates every relation first, which takes most of
// a second on 500,000 relations; this takes milliseconds.
func (db *DB) FactsBetween(ctx context.Context, a, b int64) ([]newsgraph.Fact, error) {
	rows, err := db.sql.QueryContext(ctx, `WITH ma AS (SELECT id FROM entities WHERE id = ?1 OR merged_into = ?1),
		mb AS (SELECT id FROM entities WHERE id = ?2 OR merged_into = ?2),
		rel AS (SELECT id, type, ?1 AS s, ?2 AS o FROM relations WHERE subject_id IN ma AND object_id IN mb
			UNION ALL SELECT id, type, ?2, ?1 FROM relations WHERE subject_id IN mb AND object_id IN ma)
		SELECT rel.id, rel.type, rel.s, rel.o, t.symmetric, COALESCE(e.date, ''), COALESCE(e.date_precision, ''), e.confidence, e.sentence, e.article_id,
			COALESCE(a.title, ''), COALESCE(e.role, ''), COALESCE(e.modality, ''), e.rule, e.id
		FROM rel JOIN relation_types t ON t.name = rel.type JOIN evidence e ON e.relation_id = rel.id JOIN articles a ON a.id = e.article_id
		ORDER BY rel.id, e.id`, a, b)
	if err != nil {
		return nil, fmt.Errorf("facts between %d and %d: %w", a, b, err)
	}
	defer rows.Close()
	type key struct {
		s, o int64
		typ  string
	}
	type best struct {
		f      newsgraph.Fact
		evID   int64
		hasDay bool
	}
	groups := map[key]*best{}
	var order []key
	for rows.Next() {
		var x newsgraph.Fact
		var evID int64
		if err := rows.Scan(&x.ID, &x.Relation, &x.SubjectID, &x.ObjectID, &x.Symmetric, &x.Date, &x.DatePrecision, &x.Confidence, &x.Evidence,
			&x.ArticleID, &x.Article, &x.Role, &x.Modality, &x.Rule, &evID); err != nil {
			return nil, err
		}
		if x.Symmetric && x.ObjectID < x.SubjectID {
			x.SubjectID, x.ObjectID = x.ObjectID, x.SubjectID
		}
		k := key{x.SubjectID, x.ObjectID, x.Relation}
		g := groups[k]
		if g == nil {
			g = &best{f: x, evID: evID, hasDay: x.Date != ""}
			g.f.Weight, g.f.FirstDate, g.f.LastDate = 0, x.Date, x.Date
			groups[k] = g
			order = append(order, k)
		}
		g.f.Weight++
		g.f.ID = min(g.f.ID, x.ID)
		if x.Date != "" && (g.f.FirstDate == "" || x.Date < g.f.FirstDate) {
			g.f.FirstDate = x.Date
		}
		if x.Date > g.f.LastDate {
			g.f.LastDate = x.Date
		}
		// The view's choice: most confident, dated before undated, then
		// the first stored.
		if better := x.Confidence > g.f.Confidence || x.Confidence == g.f.Confidence && (x.Date != "" && !g.hasDay || (x.Date != "") == g.hasDay && evID < g.evID); better {
			w, id, first, last := g.f.Weight, g.f.ID, g.f.FirstDate, g.f.LastDate
			g.f, g.evID, g.hasDay = x, evID, x.Date != ""
			g.f.Weight, g.f.ID, g.f.FirstDate, g.f.LastDate = w, id, first, last
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ents, err := db.Entities(ctx, EntityFilter{IDs: []int64{a, b}})
	if err != nil {
		return nil, err
	}
	byID := map[int64]newsgraph.Entity{}
	for _, e := range ents {
		byID[e.ID] = e
	}
	out := make([]newsgraph.Fact, 0, len(order))
	for _, k := range order {
		f := groups[k].f
		f.Subject, f.SubjectType = byID[f.SubjectID].Name, byID[f.SubjectID].Type
		f.Object, f.ObjectType = byID[f.ObjectID].Name, byID[f.ObjectID].Type
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		return out[i].Confidence > out[j].Confidence
	})
	return out, nil
}

// QuoteFilter selects quotes.
type QuoteFilter struct {
	Speakers []int64 // roots; entities merged into them count too
	Match    string  // text containing this, case-insensitive
	Limit    int
}

// Quotes lists quotes, newest article first, by root speaker.
func (db *DB) Quotes(ctx context.Context, f QuoteFilter) ([]newsgraph.StoredQuote, error) {
	q := `SELECT q.id, rs.root, s.name, COALESCE(ad.name, ''), q.text, q.direct, a.id, COALESCE(a.title, ''), COALESCE(a.published, ''), q.start, q."end"
		FROM quotes q
		JOIN entity_roots rs ON rs.id = q.speaker_id JOIN entities s ON s.id = rs.root
		LEFT JOIN entity_roots ra ON ra.id = q.addressee_id LEFT JOIN entities ad ON ad.id = ra.root
		JOIN articles a ON a.id = q.article_id WHERE 1`
	var args []any
	if len(f.Speakers) > 0 {
		q += ` AND rs.root IN (` + placeholders(len(f.Speakers)) + `)`
		for _, id := range f.Speakers {
			args = append(args, id)
		}
	}
	if f.Match != "" {
		q += ` AND q.text LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(f.Match)+"%")
	}
	q += ` ORDER BY a.published DESC, a.id DESC, q.start`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list quotes: %w", err)
	}
	defer rows.Close()
	var out []newsgraph.StoredQuote
	for rows.Next() {
		var x newsgraph.StoredQuote
		if err := rows.Scan(&x.ID, &x.SpeakerID, &x.Speaker, &x.Addressee, &x.Text, &x.Direct, &x.ArticleID, &x.Article, &x.Date, &x.Start, &x.End); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// chunk is how many ids one query names: far below SQLite's limit on
// parameters, and small enough for the planner to seek each.
const chunk = 500

// FactsAround returns the facts within depth hops of an entity in the
// graph f filters, found by breadth-first search through the indexes of
// fact_rows: the facts of every entity nearer than depth (so each entity
// at depth d comes with the facts that reach it from depth d-1), and with
// closed also the facts among the entities at depth itself: the whole ego
// network. Its cost follows the size of the neighbourhood, not of the
// archive.
func (db *DB) FactsAround(ctx context.Context, center int64, depth int, f FactFilter, closed bool) ([]newsgraph.Fact, error) {
	seen := map[int64]bool{center: true}
	got := map[int64]bool{}
	var out []newsgraph.Fact
	frontier := []int64{center}
	add := func(ids []int64, keep func(newsgraph.Fact) bool, grow func(int64)) error {
		for lo := 0; lo < len(ids); lo += chunk {
			g := f
			g.Entities, g.Limit = ids[lo:min(len(ids), lo+chunk)], 0
			facts, err := db.Facts(ctx, g)
			if err != nil {
				return err
			}
			for _, x := range facts {
				if got[x.ID] || !keep(x) {
					continue
				}
				got[x.ID] = true
				out = append(out, x)
				for _, e := range []int64{x.SubjectID, x.ObjectID} {
					if !seen[e] {
						seen[e] = true
						grow(e)
					}
				}
			}
		}
		return nil
	}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []int64
		if err := add(frontier, func(newsgraph.Fact) bool { return true }, func(e int64) { next = append(next, e) }); err != nil {
			return nil, err
		}
		frontier = next
	}
	if closed && len(frontier) > 0 {
		inner := func(x newsgraph.Fact) bool { return seen[x.SubjectID] && seen[x.ObjectID] }
		if err := add(frontier, inner, func(int64) {}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Adjacent returns the neighbours of each of ids (root entities) in the
// graph of facts, either direction, through the indexes of fact_rows;
// types, when given, keep only those relations.
func (db *DB) Adjacent(ctx context.Context, ids []int64, types []string) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(ids))
	typeClause := ""
	var typeArgs []any
	if len(types) > 0 {
		typeClause = ` AND type IN (` + placeholders(len(types)) + `)`
		for _, t := range types {
			typeArgs = append(typeArgs, t)
		}
	}
	for lo := 0; lo < len(ids); lo += chunk {
		part := ids[lo:min(len(ids), lo+chunk)]
		var args []any
		for range 2 { // the ids and types once for each direction
			for _, id := range part {
				args = append(args, id)
			}
			args = append(args, typeArgs...)
		}
		q := `SELECT subject_id, object_id FROM fact_rows WHERE subject_id IN (` + placeholders(len(part)) + `)` + typeClause +
			` UNION ALL SELECT object_id, subject_id FROM fact_rows WHERE object_id IN (` + placeholders(len(part)) + `)` + typeClause
		rows, err := db.sql.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("adjacent: %w", err)
		}
		for rows.Next() {
			var a, b int64
			if err := rows.Scan(&a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			out[a] = append(out[a], b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NamesWithPrefix lists up to limit names of root entities with a word
// that begins with prefix (case aside: "rom" finds Alina Romanowski), most
// mentioned first: shell completion.
func (db *DB) NamesWithPrefix(ctx context.Context, prefix string, limit int) ([]string, error) {
	p := likeEscape(prefix) + "%"
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM entities WHERE (name LIKE ? ESCAPE '\' OR name LIKE '% ' || ? ESCAPE '\')
		AND merged_into IS NULL
		ORDER BY (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = entities.id) DESC, name LIMIT ?`, p, p, limit)
	if err != nil {
		return nil, err
	}
	return scanColumn[string](rows)
}
