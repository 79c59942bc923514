package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
	"github.com/newsgraph/newsgraph/graph"
)

// MustOpenDB opens a new database in a temporary directory.
func MustOpenDB(tb testing.TB, opts ...db.Option) *db.DB {
	tb.Helper()
	store, err := db.Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return store
}

// ingestSeed stores the seed articles and returns them.
func ingestSeed(tb testing.TB, store *db.DB) []newsgraph.Article {
	tb.Helper()
	f, err := os.Open("../testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	arts, err := input.Read("seed.txt", f, input.ReadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	x := extract.New()
	for _, a := range arts {
		if _, err := store.StoreArticle(context.Background(), a, x.Extract(a)); err != nil {
			tb.Fatal(err)
		}
	}
	return arts
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		store, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		var mode string
		store.SQL().QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&n)
		store.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if n != 12 || mode != "wal" { // 0001 to 0012
			t.Errorf("open %d: %d migrations recorded, journal %s", i, n, mode)
		}
		var fk int
		store.SQL().QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
		if fk != 1 {
			t.Error("foreign keys are off")
		}
		types, err := store.RelationTypes(ctx)
		if err != nil || len(types) != len(newsgraph.Ontology) {
			t.Errorf("%d relation types, err %v", len(types), err)
		}
		store.Close()
	}
}

func TestStoreSeedAndReingest(t *testing.T) {
	store := MustOpenDB(t)
	ctx := context.Background()
	ingestSeed(t, store)
	before, err := store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Articles != 2 || before.Relations < 10 || before.Evidence < before.Relations {
		t.Fatalf("stats after seed: %+v", before)
	}
	// The same articles again add nothing.
	arts := ingestSeed(t, store)
	after, _ := store.Stats(ctx)
	if after != before {
		t.Errorf("re-ingest changed the database: %+v -> %+v", before, after)
	}
	res, err := store.StoreArticle(ctx, arts[0], newsgraph.Extraction{})
	if err != nil || !res.Duplicate {
		t.Errorf("duplicate not reported: %+v %v", res, err)
	}
	// Offsets in mentions read back through SQLite's substr.
	rows, err := store.SQL().Query(`SELECT m.text, substr(a.text, m.start + 1, m."end" - m.start) FROM mentions m JOIN articles a ON a.id = m.article_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var text, sub string
		rows.Scan(&text, &sub)
		if text != sub {
			t.Errorf("mention %q reads %q through substr", text, sub)
		}
	}
}

// TestStoreRecordsModels: an article keeps the description of the models
// that extracted it; one stored without says NULL.
func TestStoreRecordsModels(t *testing.T) {
	store := MustOpenDB(t)
	ctx := context.Background()
	ex := newsgraph.Extraction{Models: "tagger: my.model sha256:0a1b2c3d4e5f"}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "a", Text: "One."}, ex); err != nil {
		t.Fatal(err)
	}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "b", Text: "Two."}, newsgraph.Extraction{}); err != nil {
		t.Fatal(err)
	}
	rows, err := store.SQL().Query(`SELECT source, models FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var src string
		var models sql.NullString
		rows.Scan(&src, &models)
		got = append(got, fmt.Sprintf("%s=%s/%v", src, models.String, models.Valid))
	}
	if want := []string{"a=tagger: my.model sha256:0a1b2c3d4e5f/true", "b=/false"}; !slices.Equal(got, want) {
		t.Errorf("articles.models %v, want %v", got, want)
	}
}

func TestStoreIsTransactional(t *testing.T) {
	store := MustOpenDB(t)
	ctx := context.Background()
	ingestSeed(t, store)
	before, _ := store.Stats(ctx)
	a := newsgraph.Article{Source: "x", Text: "Brand new text about Joe Biden and Olaf Scholz."}
	ex := newsgraph.Extraction{
		Mentions:  []newsgraph.Mention{{Start: 21, End: 30, Text: "Joe Biden", Type: newsgraph.Person, Canonical: "Joe Biden"}},
		Relations: []newsgraph.Relation{{Subject: 0, Object: 5, Type: newsgraph.MeetsWith, Confidence: 0.5, Rule: "test"}},
	}
	if _, err := store.StoreArticle(ctx, a, ex); err == nil {
		t.Fatal("a relation pointing at a missing mention was stored")
	}
	after, _ := store.Stats(ctx)
	if after != before {
		t.Errorf("failed article left rows behind: %+v -> %+v", before, after)
	}
	// The entity cache did not keep the rolled-back entity: storing it
	// properly now works.
	ex.Relations = nil
	if _, err := store.StoreArticle(ctx, a, ex); err != nil {
		t.Fatal(err)
	}
	if ents, _ := store.Lookup(ctx, "joe biden"); len(ents) != 1 || ents[0].Mentions < 2 {
		t.Errorf("lookup after retry: %+v", ents)
	}
}

func TestLookupFactsAndSuggest(t *testing.T) {
	store := MustOpenDB(t)
	ctx := context.Background()
	ingestSeed(t, store)
	us, err := store.Lookup(ctx, "us")
	if err != nil || len(us) != 1 || us[0].Name != "United States" {
		t.Fatalf("lookup US: %+v %v", us, err)
	}
	biden, _ := store.Lookup(ctx, "Joe Biden")
	facts, err := store.Facts(ctx, db.FactFilter{Subjects: db.IDs(biden), Types: []string{newsgraph.MeetsWith}})
	if err != nil || len(facts) != 1 || facts[0].Subject != "Mohammed Shia al-Sudani" || facts[0].Modality != "planned" {
		t.Errorf("symmetric meets_with by its object: %+v %v", facts, err)
	}
	romanowski, _ := store.Lookup(ctx, "ROMANOWSKI")
	if len(romanowski) != 1 || romanowski[0].Name != "Alina Romanowski" {
		t.Fatalf("surname alias: %+v", romanowski)
	}
	facts, _ = store.Facts(ctx, db.FactFilter{Entities: db.IDs(romanowski)})
	var rels []string
	for _, f := range facts {
		rels = append(rels, f.Relation+":"+f.Object)
		if f.Evidence == "" || f.Article == "" || f.Weight < 1 {
			t.Errorf("fact without provenance: %+v", f)
		}
	}
	if !strings.Contains(strings.Join(rels, ","), "ambassador_of:United States") {
		t.Errorf("Romanowski's facts: %v", rels)
	}
	for surname, want := range map[string]string{"biden": "Joe Biden", "AL-SUDANI": "Mohammed Shia al-Sudani", "Sudani": "Mohammed Shia al-Sudani"} {
		if ents, err := store.Lookup(ctx, surname); err != nil || len(ents) != 1 || ents[0].Name != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", surname, ents, err, want)
		}
	}
	if ents, _ := store.Lookup(ctx, "iden"); len(ents) != 0 {
		t.Errorf("part of a word matched: %+v", ents)
	}
	sugg, err := store.Suggest(ctx, "Romanowsky", 3)
	if err != nil || len(sugg) == 0 || sugg[0] != "Alina Romanowski" {
		t.Errorf("suggestions %v %v", sugg, err)
	}
}

// TestSchemaExamples runs every query in docs/SCHEMA.md against the seed and
// checks that each returns rows.
func TestSchemaExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	queries := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(queries) < 5 {
		t.Fatalf("docs/SCHEMA.md has %d sql examples, want at least 5", len(queries))
	}
	store := MustOpenDB(t)
	ingestSeed(t, store)
	// Measures and a correction, so that every table has rows.
	ctx := context.Background()
	facts, _ := store.Facts(ctx, db.FactFilter{})
	ents, _ := store.Entities(ctx, db.EntityFilter{})
	a := graph.New(ents, facts).Analyze(graph.AnalyzeOptions{Layers: graph.DefaultLayers})
	if err := store.SaveMetrics(ctx, a.Nodes, db.AnalysisInfo{Entities: len(a.Nodes), Relations: len(facts), Filter: "all"}); err != nil {
		t.Fatal(err)
	}
	isis, _ := store.Lookup(ctx, "ISIS")
	if _, err := store.AddAlias(ctx, isis[0].ID, "Daesh"); err != nil {
		t.Fatal(err)
	}
	store.MergeEntities(ctx, db.IDs(ents[:1])[0], db.IDs(ents[len(ents)-1:])[0], "test")
	for _, q := range queries {
		rows, err := store.SQL().Query(q[1])
		if err != nil {
			t.Errorf("%s: %v", q[1], err)
			continue
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			t.Errorf("no rows from:\n%s", q[1])
		}
	}
}
