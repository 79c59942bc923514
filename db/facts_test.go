package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dbtest"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

const tableFacts = `SELECT id, subject_id, type, object_id, symmetric, weight, COALESCE(first_date, ''), COALESCE(last_date, ''),
       evidence_id, COALESCE(date, ''), COALESCE(date_precision, ''), confidence
FROM fact_rows ORDER BY subject_id, type, object_id`

func factRows(t *testing.T, store *db.DB, q string) []string {
	t.Helper()
	rows, err := store.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, s, o, sym, w, ev int64
		var typ, fd, ld, d, dp string
		var c float64
		if err := rows.Scan(&id, &s, &typ, &o, &sym, &w, &fd, &ld, &ev, &d, &dp, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(id, s, typ, o, sym, w, fd, ld, ev, d, dp, c))
	}
	return out
}

// wholeFacts computes every fact in Go from relations, evidence and the
// entities' roots, apart from the SQL it checks: one fact per root
// subject, relation and root object (either order for a symmetric
// relation, the lower root as subject), its id the lowest of its
// relations', weight the number of its sentences, first and last date,
// and the most confident sentence, a dated one first among equals, then
// the oldest.
func wholeFacts(t *testing.T, store *db.DB) []string {
	t.Helper()
	q := func(query string, scan func(*sql.Rows) error) {
		rows, err := store.SQL().Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
	}
	root := map[int64]int64{}
	q(`SELECT id, COALESCE(merged_into, id) FROM entities`, func(r *sql.Rows) error {
		var id, rt int64
		err := r.Scan(&id, &rt)
		root[id] = rt
		return err
	})
	symmetric := map[string]bool{}
	q(`SELECT name, symmetric FROM relation_types`, func(r *sql.Rows) error {
		var n string
		var s bool
		err := r.Scan(&n, &s)
		symmetric[n] = s
		return err
	})
	type rel struct {
		s, o int64
		typ  string
	}
	rels := map[int64]rel{}
	q(`SELECT id, subject_id, type, object_id FROM relations`, func(r *sql.Rows) error {
		var id int64
		var x rel
		err := r.Scan(&id, &x.s, &x.typ, &x.o)
		rels[id] = x
		return err
	})
	type key struct {
		s   int64
		typ string
		o   int64
	}
	type fact struct {
		id, weight, ev int64
		first, last    string
		date, prec     string
		conf           float64
	}
	facts := map[key]*fact{}
	q(`SELECT id, relation_id, COALESCE(date, ''), COALESCE(date_precision, ''), confidence FROM evidence ORDER BY id`, func(r *sql.Rows) error {
		var id, rid int64
		var date, prec string
		var conf float64
		if err := r.Scan(&id, &rid, &date, &prec, &conf); err != nil {
			return err
		}
		x := rels[rid]
		k := key{root[x.s], x.typ, root[x.o]}
		if k.s == k.o {
			return nil
		}
		if symmetric[x.typ] && k.o < k.s {
			k.s, k.o = k.o, k.s
		}
		f := facts[k]
		if f == nil {
			f = &fact{id: rid, ev: id, date: date, prec: prec, conf: conf}
			facts[k] = f
		}
		f.id = min(f.id, rid)
		f.weight++
		if date != "" && (f.first == "" || date < f.first) {
			f.first = date
		}
		if date != "" && date > f.last {
			f.last = date
		}
		if conf > f.conf || conf == f.conf && f.date == "" && date != "" {
			f.ev, f.date, f.prec, f.conf = id, date, prec, conf
		}
		return nil
	})
	keys := make([]key, 0, len(facts))
	for k := range facts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.s != b.s {
			return a.s < b.s
		}
		if a.typ != b.typ {
			return a.typ < b.typ
		}
		return a.o < b.o
	})
	var out []string
	for _, k := range keys {
		f := facts[k]
		sym := int64(0)
		if symmetric[k.typ] {
			sym = 1
		}
		out = append(out, fmt.Sprint(f.id, k.s, k.typ, k.o, sym, f.weight, f.first, f.last, f.ev, f.date, f.prec, f.conf))
	}
	return out
}

func checkFactRows(t *testing.T, store *db.DB, when string) {
	t.Helper()
	want, got := wholeFacts(t, store), factRows(t, store, tableFacts)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%s: fact_rows differs from the facts computed whole:\nwant %d rows %v\ngot  %d rows %v", when, len(want), want, len(got), got)
	}
}

// TestFactRowsFollowEveryWrite: after articles, repeated evidence,
// automatic merges, user merges, splits, aliases and undos, the table the
// facts view reads holds exactly what a computation over everything
// gives.
func TestFactRowsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	names := []string{"Angela Merkel", "Merkel", "Olaf Scholz", "Scholz", "Emmanuel Macron", "Joe Biden"}
	places := []string{"Germany", "France", "Berlin", "Paris"}
	rng := rand.New(rand.NewPCG(1, 2))
	dates := []string{"", "2024-03-01", "2024-02-10", "2023-12-31"}
	for i := 0; i < 40; i++ {
		p1, p2 := names[rng.IntN(len(names))], names[rng.IntN(len(names))]
		pl := places[rng.IntN(len(places))]
		text := fmt.Sprintf("Article %d. %s met %s in %s.", i, p1, p2, pl)
		ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{
			{Start: 0, End: 1, Text: p1, Type: newsgraph.Person, Canonical: p1},
			{Start: 2, End: 3, Text: p2, Type: newsgraph.Person, Canonical: p2},
			{Start: 4, End: 5, Text: pl, Type: newsgraph.GPE, Canonical: pl},
		}}
		for k := 0; k < 1+rng.IntN(3); k++ {
			d := dates[rng.IntN(len(dates))]
			prec := ""
			if d != "" {
				prec = "day"
			}
			conf := []float64{0.8, 0.9, 0.9, 0.95}[rng.IntN(4)]
			ex.Relations = append(ex.Relations,
				newsgraph.Relation{Subject: 0, Object: 1, Type: newsgraph.MeetsWith, Start: k * 10, End: k*10 + 5, Evidence: fmt.Sprintf("s%d", k), Date: d, DatePrecision: prec, Confidence: conf, Rule: "r"},
				newsgraph.Relation{Subject: 0, Object: 2, Type: newsgraph.Visited, Start: k * 10, End: k*10 + 5, Evidence: fmt.Sprintf("s%d", k), Date: d, DatePrecision: prec, Confidence: conf - 0.05, Rule: "r"})
		}
		if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "a", Text: text}, ex); err != nil {
			t.Fatal(err)
		}
		checkFactRows(t, store, fmt.Sprintf("article %d", i))
	}
	id := func(name string) int64 {
		es, err := store.Named(ctx, name)
		if err != nil || len(es) == 0 {
			t.Fatalf("no entity %q: %v", name, err)
		}
		return es[0].ID
	}
	m1, err := store.MergeEntities(ctx, id("Emmanuel Macron"), id("Joe Biden"), "test")
	if err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "merge")
	if _, err := store.MergeEntities(ctx, id("Paris"), id("Berlin"), "test"); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "second merge")
	if _, err := store.SplitEntity(ctx, id("Berlin"), "test"); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "split")
	if _, err := store.Undo(ctx, m1.ID); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "undo")
	if _, err := store.AddAlias(ctx, id("Germany"), "Deutschland"); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "alias")
	var stale int
	store.SQL().QueryRow(`SELECT COUNT(*) FROM fact_stale`).Scan(&stale)
	if stale != 0 {
		t.Errorf("%d stale roots left after the writes committed", stale)
	}
}

// TestDocumentedQueriesUseIndexes: every example query of docs/SCHEMA.md
// that filters facts or evidence reads every table through an index: no
// step of its plan scans a table.
func TestDocumentedQueriesUseIndexes(t *testing.T) {
	store := MustOpenDB(t)
	ctx := context.Background()
	ingestSeed(t, store)
	doc, err := os.ReadFile("../docs/SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		if q := m[1]; strings.Contains(q, "WHERE") && (strings.Contains(q, "facts") || strings.Contains(q, "fact_evidence") || strings.Contains(q, "FROM names")) && !strings.Contains(q, "MATCH") {
			documented = append(documented, q)
		}
	}
	if len(documented) < 3 {
		t.Fatalf("docs/SCHEMA.md has %d filtered queries of facts or evidence, want at least 3", len(documented))
	}
	for _, q := range append(documented,
		`SELECT * FROM facts WHERE subject = 'Alina Romanowski'`,
		`SELECT * FROM facts WHERE object = 'Iraq'`,
		`SELECT * FROM facts WHERE subject_id = 1 OR object_id = 1`,
		`SELECT * FROM facts WHERE relation = 'meets_with'`,
		`SELECT * FROM facts WHERE date >= '2024-03-01' AND date < '2024-04-01'`,
		`SELECT * FROM fact_evidence WHERE subject = 'Alina Romanowski'`,
		`SELECT * FROM fact_evidence WHERE relation_id = 3`,
		`SELECT * FROM fact_evidence WHERE object = 'Iraq' AND relation = 'ambassador_to'`,
		`SELECT * FROM fact_evidence WHERE article_id = 1`,
	) {
		rows, err := store.SQL().QueryContext(ctx, `EXPLAIN QUERY PLAN `+q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN ") && step != "SCAN CONSTANT ROW" {
				t.Errorf("%s\nscans a table (%s):\n%s", q, step, strings.Join(plan, "\n"))
			}
		}
	}
}

// TestFactRowsMigrationUpgradesInPlace: a database as version 5 left it,
// with merged entities, symmetric facts and repeated evidence, opens with
// fact_rows filled to what the old facts view computed, and keeps
// following writes.
func TestFactRowsMigrationUpgradesInPlace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v5.db")
	oldDatabase(t, path, 5)
	dbtest.Exec(t, path,
		`INSERT INTO relation_types (name, description, subject_types, object_types, symmetric) VALUES
			('meets_with', 'm', 'PERSON', 'PERSON', 1), ('visited', 'v', 'PERSON', 'GPE', 0)`,
		`INSERT INTO articles (id, source, hash, text, title) VALUES (1, 'a', 'h1', 'x', 'One'), (2, 'b', 'h2', 'y', 'Two')`,
		`INSERT INTO entities (id, name, type, norm) VALUES (1, 'Angela Merkel', 'PERSON', 'angela merkel'),
			(2, 'Merkel', 'PERSON', 'merkel'), (3, 'Emmanuel Macron', 'PERSON', 'emmanuel macron'), (4, 'Paris', 'GPE', 'paris')`,
		`UPDATE entities SET merged_into = 1 WHERE id = 2`,
		`INSERT INTO relations (id, subject_id, type, object_id) VALUES (1, 3, 'meets_with', 1), (2, 2, 'meets_with', 3),
			(3, 1, 'visited', 4), (4, 2, 'visited', 4)`,
		`INSERT INTO evidence (relation_id, article_id, sentence_start, sentence_end, sentence, date, date_precision, confidence, rule) VALUES
			(1, 1, 0, 5, 'met', '2024-01-02', 'day', 0.9, 'r'), (2, 2, 0, 5, 'met again', NULL, NULL, 0.9, 'r'),
			(3, 1, 6, 9, 'went', NULL, NULL, 0.8, 'r'), (4, 2, 6, 9, 'went', '2024-02-01', 'day', 0.95, 'r'),
			(4, 1, 10, 12, 'went too', '2023-05-05', 'day', 0.7, 'r')`,
	)
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	checkFactRows(t, store, "after the upgrade")
	got := factRows(t, store, tableFacts)
	if len(got) != 2 {
		t.Fatalf("want 2 facts (one meeting, one visit, merged entities together), got %v", got)
	}
	var weight int
	var first, last string
	if err := store.SQL().QueryRow(`SELECT weight, first_date, last_date FROM facts WHERE subject = 'Angela Merkel' AND relation = 'visited'`).Scan(&weight, &first, &last); err != nil {
		t.Fatal(err)
	}
	if weight != 3 || first != "2023-05-05" || last != "2024-02-01" {
		t.Errorf("Merkel visited Paris: weight %d, %s to %s; want 3, 2023-05-05 to 2024-02-01", weight, first, last)
	}
	if _, err := store.SplitEntity(ctx, 2, "test"); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "a split after the upgrade")
}

// TestFactRowsInPlaceMigration covers migration 0011 on a database
// written by version 10: its facts are kept, and the trigger that now
// updates a fact without setting its id still gives what the facts
// computed whole give, including the one case where a new piece of
// evidence lowers a fact's id (the first evidence of a relation whose
// fact has a row from a merged entity's relation with a higher id), when
// another program writes the evidence as when newsgraph does.
func TestFactRowsInPlaceMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v10.db")
	oldDatabase(t, path, 10)
	dbtest.Exec(t, path,
		`INSERT INTO articles (id, source, hash, text, title) VALUES (1, 'a', 'h1', 'x', 'One'), (2, 'b', 'h2', 'y', 'Two')`,
		`INSERT INTO entities (id, name, type, norm, surname) VALUES (1, 'Angela Merkel', 'PERSON', 'angela merkel', 'merkel'),
			(2, 'Merkel', 'PERSON', 'merkel', ''), (3, 'Emmanuel Macron', 'PERSON', 'emmanuel macron', 'macron'), (4, 'Paris', 'GPE', 'paris', '')`,
		`UPDATE entities SET merged_into = 1 WHERE id = 2`,
		// Relation 1 (Angela Merkel visited Paris) has no evidence yet;
		// relation 2 (Merkel, merged into her, visited Paris) has.
		`INSERT INTO relations (id, subject_id, type, object_id) VALUES (1, 1, 'visited', 4), (2, 2, 'visited', 4), (3, 3, 'meets_with', 1)`,
		`INSERT INTO evidence (relation_id, article_id, sentence_start, sentence_end, sentence, date, date_precision, confidence, rule) VALUES
			(2, 1, 0, 5, 'went', '2024-01-02', 'day', 0.9, 'r'), (3, 1, 6, 9, 'met', NULL, NULL, 0.8, 'r')`,
	)
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if m := store.Migrated(); len(m) == 0 || m[0] != "0011_fact_rows_in_place" {
		t.Errorf("Open applied %v", m)
	}
	checkFactRows(t, store, "after the upgrade")
	store.Close()
	id := func(subject, relation string) int64 {
		conn, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var id int64
		if err := conn.QueryRow(`SELECT id FROM facts WHERE subject = ? AND relation = ?`, subject, relation).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	if got := id("Angela Merkel", "visited"); got != 2 {
		t.Fatalf("the visit's fact has id %d before relation 1 has evidence, want 2", got)
	}
	// Another program writes relation 1's first evidence: the fact's id
	// becomes 1, its weight 2. Then a second piece for the meeting.
	dbtest.Exec(t, path,
		`INSERT INTO evidence (relation_id, article_id, sentence_start, sentence_end, sentence, date, date_precision, confidence, rule) VALUES
			(1, 2, 0, 5, 'visited', '2023-06-01', 'day', 0.95, 'r'), (3, 2, 6, 9, 'met again', '2024-03-03', 'day', 0.8, 'r')`)
	if got := id("Angela Merkel", "visited"); got != 1 {
		t.Errorf("the visit's fact has id %d after relation 1's first evidence, want 1", got)
	}
	store, err = db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	checkFactRows(t, store, "after another program's evidence")
	// newsgraph's own writes: more evidence for known facts.
	ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{
		{Start: 0, End: 1, Text: "Angela Merkel", Type: newsgraph.Person, Canonical: "Angela Merkel"},
		{Start: 2, End: 3, Text: "Paris", Type: newsgraph.GPE, Canonical: "Paris"},
		{Start: 4, End: 5, Text: "Emmanuel Macron", Type: newsgraph.Person, Canonical: "Emmanuel Macron"},
	}, Relations: []newsgraph.Relation{
		{Subject: 0, Object: 1, Type: newsgraph.Visited, Start: 0, End: 5, Evidence: "again", Date: "2025-01-01", DatePrecision: "day", Confidence: 0.95, Rule: "r"},
		{Subject: 0, Object: 2, Type: newsgraph.MeetsWith, Start: 0, End: 5, Evidence: "again", Confidence: 0.9, Rule: "r"},
	}}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "c", Text: "Three."}, ex); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "after newsgraph's evidence")
	var sqlText string
	store.SQL().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'fact_rows_evidence'`).Scan(&sqlText)
	if strings.Contains(sqlText, "min(id") || !strings.Contains(sqlText, "weight = weight + 1") {
		t.Errorf("fact_rows_evidence is not version 11's:\n%s", sqlText)
	}
}

// TestFactRowsRelationGone covers migration 0012 on a database written
// by version 11: another program deletes a relation, and then an entity
// (their evidence goes by ON DELETE CASCADE), and inserts a relation that
// reuses a deleted one's id; newsgraph's next open recomputes the facts,
// which then equal the facts computed whole, and stores on.
func TestFactRowsRelationGone(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v11.db")
	oldDatabase(t, path, 11)
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if m := store.Migrated(); len(m) == 0 || m[0] != "0012_fact_rows_relation_gone" {
		t.Errorf("Open applied %v", m)
	}
	visit := func(text string, names ...string) {
		ex := newsgraph.Extraction{}
		for _, n := range names {
			typ := newsgraph.Person
			if n == "Berlin" || n == "Paris" {
				typ = newsgraph.GPE
			}
			ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: 0, End: 1, Text: n, Type: typ, Canonical: n})
		}
		for i := 0; i < len(names)-1; i++ {
			ex.Relations = append(ex.Relations, newsgraph.Relation{Subject: i, Object: len(names) - 1, Type: newsgraph.Visited,
				Start: i * 10, End: i*10 + 5, Evidence: text, Confidence: 0.9, Rule: "r"})
		}
		if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "a", Text: text}, ex); err != nil {
			t.Fatal(err)
		}
	}
	visit("Olaf Scholz and Emmanuel Macron visited Berlin.", "Olaf Scholz", "Emmanuel Macron", "Berlin")
	visit("Olaf Scholz visited Paris.", "Olaf Scholz", "Paris")
	checkFactRows(t, store, "stored")
	store.Close()
	// Another program, with foreign keys on as newsgraph declares them.
	exec := func(stmts ...string) {
		dbtest.Exec(t, path, append([]string{`PRAGMA foreign_keys = ON`}, stmts...)...)
	}
	exec(`DELETE FROM relations WHERE id = (SELECT max(id) FROM relations)`) // Scholz visited Paris
	exec(`DELETE FROM entities WHERE name = 'Emmanuel Macron'`)
	// A new relation takes the deleted one's id, with evidence.
	exec(`INSERT INTO relations (subject_id, type, object_id) SELECT s.id, 'visited', o.id FROM entities s, entities o
		WHERE s.name = 'Olaf Scholz' AND o.name = 'Paris'`)
	if store, err = db.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	checkFactRows(t, store, "after another program's deletes")
	visit("Olaf Scholz visited Paris again.", "Olaf Scholz", "Paris")
	checkFactRows(t, store, "stored after the deletes")
}

// TestFactRowsMergeInArticle: an article that names a person by her full
// name for the first time (which merges the entity named by her surname
// alone into her) and gives a fact of the new name before one of the old
// stores, with the facts computed whole. Version 6's trigger failed it
// ("UNIQUE constraint failed: fact_rows.id"): the second piece of
// evidence set its fact's id to the id of the surname's row, not yet
// recomputed.
func TestFactRowsMergeInArticle(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	visit := func(text string, names ...string) newsgraph.Extraction {
		ex := newsgraph.Extraction{}
		for _, n := range names {
			typ := newsgraph.Person
			if n == "Berlin" {
				typ = newsgraph.GPE
			}
			ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: 0, End: 1, Text: n, Type: typ, Canonical: n})
		}
		berlin := len(names) - 1
		for i := 0; i < berlin; i++ {
			ex.Relations = append(ex.Relations, newsgraph.Relation{Subject: i, Object: berlin, Type: newsgraph.Visited,
				Start: i * 10, End: i*10 + 5, Evidence: text, Confidence: 0.9, Rule: "r"})
		}
		return ex
	}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "a", Text: "Merkel visited Berlin."}, visit("s", "Merkel", "Berlin")); err != nil {
		t.Fatal(err)
	}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "b", Text: "Angela Merkel, and Merkel, visited Berlin."},
		visit("t", "Angela Merkel", "Merkel", "Berlin")); err != nil {
		t.Fatal(err)
	}
	checkFactRows(t, store, "after the merge")
	if got := rootOf(t, store, "Merkel"); got != "Angela Merkel" {
		t.Errorf("Merkel resolves to %q, want Angela Merkel", got)
	}
}

// FactsAround and Adjacent read, through the indexes, what the whole
// graph gives around an entity.
func TestFactsAroundMatchesWholeGraph(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	ingestSeed(t, store)
	all, err := store.Facts(ctx, db.FactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := store.Named(ctx, "Alina Romanowski")
	center := ents[0].ID
	for depth := 1; depth <= 3; depth++ {
		got, err := store.FactsAround(ctx, center, depth, db.FactFilter{}, true)
		if err != nil {
			t.Fatal(err)
		}
		// Within depth hops, by the whole list of facts.
		dist := map[int64]int{center: 0}
		for d := 1; d <= depth; d++ {
			for _, f := range all {
				for _, e := range [][2]int64{{f.SubjectID, f.ObjectID}, {f.ObjectID, f.SubjectID}} {
					if dd, ok := dist[e[0]]; ok && dd == d-1 {
						if _, seen := dist[e[1]]; !seen {
							dist[e[1]] = d
						}
					}
				}
			}
		}
		want := map[int64]bool{}
		for _, f := range all {
			_, s := dist[f.SubjectID]
			_, o := dist[f.ObjectID]
			if s && o {
				want[f.ID] = true
			}
		}
		gotIDs := map[int64]bool{}
		for _, f := range got {
			gotIDs[f.ID] = true
		}
		if !reflect.DeepEqual(want, gotIDs) {
			t.Errorf("depth %d: %d facts around, want %d", depth, len(gotIDs), len(want))
		}
	}
	adj, err := store.Adjacent(ctx, []int64{center}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := map[int64]bool{}
	for _, f := range all {
		if f.SubjectID == center {
			n[f.ObjectID] = true
		}
		if f.ObjectID == center {
			n[f.SubjectID] = true
		}
	}
	got := map[int64]bool{}
	for _, x := range adj[center] {
		got[x] = true
	}
	if len(n) == 0 || !reflect.DeepEqual(n, got) {
		t.Errorf("adjacent %v, want %v", got, n)
	}
}

// Full-text search finds what is stored, follows new articles, and a
// database of version 7 gets its indexes built.
func TestSearchFollowsWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v7.db")
	oldDatabase(t, path, 7)
	dbtest.Exec(t, path,
		`INSERT INTO relation_types (name, description, subject_types, object_types, symmetric) VALUES ('visited', 'v', 'PERSON', 'GPE', 0)`,
		`INSERT INTO articles (id, source, hash, text, title) VALUES (1, 'a', 'h1', 'The envoy flew to Kyiv.', 'Envoy in Kyiv')`,
		`INSERT INTO entities (id, name, type, norm) VALUES (1, 'Ann Envoy', 'PERSON', 'ann envoy'), (2, 'Kyiv', 'GPE', 'kyiv')`,
		`INSERT INTO relations (id, subject_id, type, object_id) VALUES (1, 1, 'visited', 2)`,
		`INSERT INTO evidence (relation_id, article_id, sentence_start, sentence_end, sentence, confidence, rule) VALUES (1, 1, 0, 23, 'The envoy flew to Kyiv.', 0.9, 'r')`)
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	facts, arts, err := store.Search(ctx, "envoy", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 1 || facts[0].Subject != "Ann Envoy" || facts[0].ID == 0 || len(arts) != 1 || !strings.Contains(arts[0].Snippet, "[envoy]") {
		t.Fatalf("after the upgrade: facts %+v, articles %+v", facts, arts)
	}
	ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{
		{Start: 0, End: 8, Text: "Bo Envoy", Type: newsgraph.Person, Canonical: "Bo Envoy"},
		{Start: 18, End: 24, Text: "Warsaw", Type: newsgraph.GPE, Canonical: "Warsaw"}},
		Relations: []newsgraph.Relation{{Subject: 0, Object: 1, Type: newsgraph.Visited, Start: 0, End: 25, Evidence: "Bo Envoy also went to Warsaw.", Confidence: 0.9, Rule: "r"}}}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "b", Title: "Warsaw", Text: "Bo Envoy also went to Warsaw."}, ex); err != nil {
		t.Fatal(err)
	}
	if facts, arts, err = store.Search(ctx, "warsaw", 10); err != nil || len(facts) != 1 || len(arts) != 1 {
		t.Errorf("a new article is not found: %v %+v %+v", err, facts, arts)
	}
	if _, _, err := store.Search(ctx, `"unbalanced`, 10); err != nil {
		t.Errorf("a query FTS5 cannot parse: %v", err)
	}
}
