package db_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/internal/dbtest"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Mohammed Shia al-Sudani": "mohammed shia sudani",
		"Mohammed Shia Al Sudani": "mohammed shia sudani",
		"José  Martí":             "jose marti",
		"U.S.":                    "us",
		"The Washington Post":     "washington post",
		"O'Brien":                 "obrien",
		"The":                     "the",
	} {
		if got := db.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// article stores one article whose text lists names; each relation links
// two of them ("A meets_with B").
type said struct {
	names []string // "PERSON:Alina Romanowski"
	rels  [][3]string
}

var articleN int

func store(t *testing.T, s *db.DB, a said) {
	t.Helper()
	articleN++
	text := fmt.Sprintf("Article %d: %s.", articleN, strings.Join(a.names, ", "))
	var ex newsgraph.Extraction
	index := map[string]int{}
	for _, n := range a.names {
		typ, name, _ := strings.Cut(n, ":")
		start := strings.Index(text, n)
		index[name] = len(ex.Mentions)
		ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: start, End: start + len(n), Text: name, Type: typ, Canonical: name})
	}
	for _, r := range a.rels {
		ex.Relations = append(ex.Relations, newsgraph.Relation{Subject: index[r[0]], Type: r[1], Object: index[r[2]],
			Evidence: text, Confidence: 0.9, Rule: "test", End: len(text)})
	}
	if _, err := s.StoreArticle(context.Background(), newsgraph.Article{Source: "test", Text: text}, ex); err != nil {
		t.Fatal(err)
	}
}

// rootOf returns the name of the entity a name resolves to.
func rootOf(t *testing.T, s *db.DB, name string) string {
	t.Helper()
	es, err := s.Lookup(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name)
	}
	return strings.Join(names, "|")
}

func lastMerge(t *testing.T, s *db.DB) db.Merge {
	t.Helper()
	ms, err := s.Merges(context.Background(), db.MergeFilter{Limit: 1})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no merge recorded: %v", err)
	}
	return ms[0]
}

// resolvers are the ways a new entity is resolved: by queries alone (a
// database opened without the single-writer lock), with the in-memory
// entity index a lock holder keeps (entityindex.go) from the first
// article on, and with the index read beside the first batches, put to
// use whenever it is read. All must resolve every name alike.
var resolvers = []struct {
	name  string
	open  []db.Option
	setup func(testing.TB)
}{
	{"queries", nil, func(testing.TB) {}},
	{"index", []db.Option{db.SingleWriter(nil)}, db.IndexInBatch},
	{"index-read-beside", []db.Option{db.SingleWriter(nil)}, func(testing.TB) {}},
}

// openResolver opens a new database resolving as r does.
func openResolver(t *testing.T, r int) *db.DB {
	resolvers[r].setup(t)
	return MustOpenDB(t, resolvers[r].open...)
}

func TestAutomaticMerges(t *testing.T) {
	for i, r := range resolvers {
		t.Run(r.name, func(t *testing.T) { testAutomaticMerges(t, openResolver(t, i)) })
	}
}

func testAutomaticMerges(t *testing.T, s *db.DB) {
	store(t, s, said{names: []string{"PERSON:Mohammed Shia al-Sudani", "PERSON:Thaier Al-Sudani", "GPE:Iraq"}})
	store(t, s, said{names: []string{"PERSON:Mohammed Shia Al Sudani"}})
	if got := rootOf(t, s, "Mohammed Shia Al Sudani"); got != "Mohammed Shia al-Sudani" {
		t.Errorf("normalised name resolves to %q", got)
	}
	m := lastMerge(t, s)
	if m.Origin != "auto" || m.Rule != "normalised-name" || !strings.Contains(m.Evidence, "mohammed shia sudani") {
		t.Errorf("merge record %+v", m)
	}
	// Two people share the surname: a lone "al-Sudani" is left alone.
	store(t, s, said{names: []string{"PERSON:al-Sudani"}})
	if got := rootOf(t, s, "al-Sudani"); got != "al-Sudani" {
		t.Errorf("ambiguous surname resolved to %q", got)
	}
	// One person has this surname: the lone name joins, recorded.
	store(t, s, said{names: []string{"PERSON:Alina Romanowski"}})
	store(t, s, said{names: []string{"PERSON:Romanowski", "GPE:Iraq"}, rels: [][3]string{{"Romanowski", "ambassador_to", "Iraq"}}})
	if got := rootOf(t, s, "Romanowski"); got != "Alina Romanowski" {
		t.Errorf("surname resolves to %q", got)
	}
	if m := lastMerge(t, s); m.Rule != "surname" || m.Target != "Alina Romanowski" || m.Source != "Romanowski" {
		t.Errorf("surname merge record %+v", m)
	}
	// The relation read with the surname belongs to the full name.
	facts, _ := s.Facts(context.Background(), db.FactFilter{Types: []string{"ambassador_to"}})
	if len(facts) != 1 || facts[0].Subject != "Alina Romanowski" {
		t.Errorf("facts %+v", facts)
	}
	// Entities lists the group once, with the merged name as an alias.
	ents, _ := s.Entities(context.Background(), db.EntityFilter{Type: newsgraph.Person})
	for _, e := range ents {
		if e.Name == "Romanowski" {
			t.Error("a merged entity is listed on its own")
		}
		if e.Name == "Alina Romanowski" && (e.Mentions != 2 || !contains(e.Aliases, "Romanowski")) {
			t.Errorf("group %+v", e)
		}
	}
	// A surname seen before the full name joins when the full name comes.
	store(t, s, said{names: []string{"PERSON:Mikati"}})
	store(t, s, said{names: []string{"PERSON:Najib Mikati"}})
	if got := rootOf(t, s, "Mikati"); got != "Najib Mikati" {
		t.Errorf("earlier surname resolves to %q", got)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func entityID(t *testing.T, s *db.DB, name string) int64 {
	t.Helper()
	es, err := s.Named(context.Background(), name)
	if err != nil || len(es) != 1 {
		t.Fatalf("%q: %v %v", name, es, err)
	}
	return es[0].ID
}

func TestUserCorrectionsSurviveReingest(t *testing.T) {
	for i, r := range resolvers {
		t.Run(r.name, func(t *testing.T) { testUserCorrectionsSurviveReingest(t, openResolver(t, i)) })
	}
}

func testUserCorrectionsSurviveReingest(t *testing.T, s *db.DB) {
	ctx := context.Background()
	store(t, s, said{names: []string{"ORG:Islamic State", "GPE:Syria"}, rels: [][3]string{{"Islamic State", "located_in", "Syria"}}})
	store(t, s, said{names: []string{"ORG:Daesh fighters", "GPE:Iraq"}, rels: [][3]string{{"Daesh fighters", "located_in", "Iraq"}}})

	// merge: the second name becomes part of the first.
	m, err := s.MergeEntities(ctx, entityID(t, s, "Islamic State"), entityID(t, s, "Daesh fighters"), "same group")
	if err != nil || m.Action != "merge" || m.Origin != "user" || m.Evidence != "same group" {
		t.Fatalf("merge: %+v %v", m, err)
	}
	// A new article naming the merged entity resolves to the group.
	store(t, s, said{names: []string{"ORG:Daesh fighters", "GPE:Mosul"}, rels: [][3]string{{"Daesh fighters", "located_in", "Mosul"}}})
	facts, _ := s.Facts(ctx, db.FactFilter{Entities: []int64{entityID(t, s, "Islamic State")}})
	if len(facts) != 3 {
		t.Errorf("after merge and re-ingest the group has %d facts, want 3: %+v", len(facts), facts)
	}
	// undo: they part, each with its own facts, including the new one.
	if u, err := s.Undo(ctx, 0); err != nil || u.ID != m.ID || u.Undone == "" {
		t.Fatalf("undo: %+v %v", u, err)
	}
	if got := rootOf(t, s, "Daesh fighters"); got != "Daesh fighters" {
		t.Errorf("after undo Daesh fighters resolves to %q", got)
	}
	facts, _ = s.Facts(ctx, db.FactFilter{Entities: []int64{entityID(t, s, "Daesh fighters")}})
	if len(facts) != 2 {
		t.Errorf("after undo Daesh fighters has %d facts, want 2", len(facts))
	}

	// alias add: a later article's name joins the entity.
	if a, err := s.AddAlias(ctx, entityID(t, s, "Islamic State"), "ISIL"); err != nil || a.Action != "alias" || a.Alias != "ISIL" {
		t.Fatalf("alias: %+v %v", a, err)
	}
	store(t, s, said{names: []string{"ORG:ISIL", "GPE:Raqqa"}, rels: [][3]string{{"ISIL", "located_in", "Raqqa"}}})
	if got := rootOf(t, s, "ISIL"); got != "Islamic State" {
		t.Errorf("alias resolves to %q", got)
	}
	if m := lastMerge(t, s); m.Rule != "alias" || m.Origin != "auto" {
		t.Errorf("alias resolution record %+v", m)
	}

	// split: an automatic merge is taken apart and stays apart when the
	// same names come again.
	store(t, s, said{names: []string{"PERSON:Alina Romanowski"}})
	store(t, s, said{names: []string{"PERSON:Romanowski"}})
	if got := rootOf(t, s, "Romanowski"); got != "Alina Romanowski" {
		t.Fatalf("surname not merged: %q", got)
	}
	sp, err := s.SplitEntity(ctx, entityID(t, s, "Romanowski"), "")
	if err != nil || sp.Action != "split" || sp.Source != "Romanowski" {
		t.Fatalf("split: %+v %v", sp, err)
	}
	store(t, s, said{names: []string{"PERSON:Romanowski", "PERSON:Alina Romanowski"}})
	if got := rootOf(t, s, "Romanowski"); got != "Romanowski" {
		t.Errorf("after split and re-ingest Romanowski resolves to %q", got)
	}
	// undoing the split joins them again.
	if _, err := s.Undo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if got := rootOf(t, s, "Romanowski"); got != "Alina Romanowski" {
		t.Errorf("after undoing the split Romanowski resolves to %q", got)
	}
	// undo the alias: ISIL stands alone again and the alias is gone.
	if _, err := s.Undo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if got := rootOf(t, s, "ISIL"); got != "ISIL" {
		t.Errorf("after undoing the alias ISIL resolves to %q", got)
	}
	// Nothing left to undo but the merge already undone.
	if _, err := s.Undo(ctx, 0); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("undo with nothing left: %v", err)
	}
	all, _ := s.Merges(ctx, db.MergeFilter{Origin: "user"})
	if len(all) != 3 {
		t.Errorf("%d user corrections logged, want 3 (merge, alias, split)", len(all))
	}
}

func TestCorrectionErrors(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	store(t, s, said{names: []string{"GPE:Iraq", "GPE:Iran"}})
	iraq := entityID(t, s, "Iraq")
	if _, err := s.MergeEntities(ctx, iraq, iraq, ""); err == nil {
		t.Error("merging an entity with itself")
	}
	if _, err := s.SplitEntity(ctx, iraq, ""); err == nil || !strings.Contains(err.Error(), "not merged") {
		t.Errorf("splitting a root: %v", err)
	}
	if _, err := s.MergeEntities(ctx, iraq, 9999, ""); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("merging a missing entity: %v", err)
	}
	if _, err := s.AddAlias(ctx, iraq, "  "); err == nil {
		t.Error("empty alias accepted")
	}
}

func TestNormBackfilledOnOpen(t *testing.T) {
	s := MustOpenDB(t)
	store(t, s, said{names: []string{"PERSON:José Martí"}})
	s.SQL().Exec(`UPDATE entities SET norm = ''`)
	reopened, err := db.Open(context.Background(), s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	var norm string
	reopened.SQL().QueryRow(`SELECT norm FROM entities WHERE name = 'José Martí'`).Scan(&norm)
	if norm != "jose marti" {
		t.Errorf("norm %q after reopening", norm)
	}
}

func TestDoctor(t *testing.T) {
	s := MustOpenDB(t)
	store(t, s, said{names: []string{"PERSON:Alina Romanowski"}})
	store(t, s, said{names: []string{"PERSON:Romanowski"}}) // merged: the only Romanowski
	store(t, s, said{names: []string{"PERSON:Piotr Romanowski"}})
	store(t, s, said{names: []string{"PERSON:Volodymyr Zelensky", "PERSON:Volodymyr Zelenskyy", "PERSON:Jordan", "GPE:Jordan"}})
	store(t, s, said{names: []string{"PERSON:Sudani", "PERSON:Thaier Sudani", "PERSON:Ali Sudani"}})
	store(t, s, said{names: []string{"PERSON:Ann Lee", "PERSON:Bo Lee"}})
	store(t, s, said{names: []string{"PERSON:Lee"}}) // two people carry it: not merged
	fs, err := s.Doctor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Kind+": "+strings.Join(f.Entities, " / ")+" => "+f.Fix)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`wrong-merge: Alina Romanowski / Romanowski / Piotr Romanowski => newsgraph split "Romanowski"`,
		`wrong-merge: Thaier Sudani / Sudani / Ali Sudani => newsgraph split "Sudani"`,
		`duplicate: Volodymyr Zelensky / Volodymyr Zelenskyy => newsgraph merge`,
		`duplicate: Jordan (PERSON) / Jordan (GPE)`,
		`duplicate: Lee / Ann Lee / Bo Lee => newsgraph merge "Ann Lee" "Lee"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("doctor lacks %q:\n%s", want, all)
		}
	}
	if !strings.HasPrefix(got[0], "wrong-merge") {
		t.Errorf("wrong merges should come first:\n%s", all)
	}
}

// TestFactsBetweenMatchesView checks the indexed pair query against the
// facts view on the seed, merged entities included.
func TestFactsBetweenMatchesView(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	ingestSeed(t, s)
	store(t, s, said{names: []string{"PERSON:Romanowski", "GPE:Iraq"}, rels: [][3]string{{"Romanowski", "ambassador_to", "Iraq"}}})
	all, err := s.Facts(ctx, db.FactFilter{})
	if err != nil || len(all) < 10 {
		t.Fatalf("%d facts, %v", len(all), err)
	}
	for _, f := range all {
		got, err := s.FactsBetween(ctx, f.SubjectID, f.ObjectID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := s.Facts(ctx, db.FactFilter{Between: [2]int64{f.SubjectID, f.ObjectID}})
		key := func(fs []newsgraph.Fact) string {
			var parts []string
			for _, x := range fs {
				parts = append(parts, fmt.Sprintf("%d|%s|%s|%s|%d|%g|%s|%s|%s|%s|%s", x.ID, x.Subject, x.Relation, x.Object, x.Weight, x.Confidence, x.Date, x.DatePrecision, x.FirstDate, x.LastDate, x.Evidence))
			}
			sort.Strings(parts)
			return strings.Join(parts, "\n")
		}
		if key(got) != key(want) {
			t.Errorf("%s - %s:\nindexed:\n%s\nview:\n%s", f.Subject, f.Object, key(got), key(want))
		}
	}
}

// TestEntitiesManyIDs asks for more ids than SQLite binds in one query.
func TestEntitiesManyIDs(t *testing.T) {
	s := MustOpenDB(t)
	var names []string
	for i := 0; i < 1200; i++ {
		names = append(names, fmt.Sprintf("ORG:Group %d", i))
	}
	store(t, s, said{names: names})
	all, err := s.Entities(context.Background(), db.EntityFilter{})
	if err != nil || len(all) != 1200 {
		t.Fatalf("%d entities, %v", len(all), err)
	}
	got, err := s.Entities(context.Background(), db.EntityFilter{IDs: db.IDs(all)})
	if err != nil || len(got) != 1200 {
		t.Errorf("by 1,200 ids: %d entities, %v", len(got), err)
	}
}

// Surnames are looked up by index, and a database of version 6 gets them
// for the people it holds.
func TestSurnameIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v6.db")
	oldDatabase(t, path, 6)
	dbtest.Exec(t, path, `INSERT INTO entities (id, name, type, norm) VALUES
		(1, 'Mohammed Shia al-Sudani', 'PERSON', 'mohammed shia sudani'), (2, 'Biden', 'PERSON', 'biden')`)
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	got := map[string]string{}
	rows, _ := store.SQL().Query(`SELECT name, surname FROM entities`)
	for rows.Next() {
		var n, s string
		rows.Scan(&n, &s)
		got[n] = s
	}
	rows.Close()
	if got["Mohammed Shia al-Sudani"] != "sudani" || got["Biden"] != "" {
		t.Errorf("surnames after the upgrade: %v", got)
	}
	// New people get theirs as they are stored, and "Sudani" alone
	// resolves to the one person with that surname.
	ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{{Start: 0, End: 6, Text: "Sudani", Type: newsgraph.Person, Canonical: "Sudani"},
		{Start: 7, End: 20, Text: "Joseph Biden", Type: newsgraph.Person, Canonical: "Joseph Biden"}}}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "s", Text: "Sudani met Joseph Biden."}, ex); err != nil {
		t.Fatal(err)
	}
	var root int64
	store.SQL().QueryRow(`SELECT COALESCE(merged_into, id) FROM entities WHERE name = 'Sudani'`).Scan(&root)
	if root != 1 {
		t.Errorf("Sudani's root is %d, want 1 (Mohammed Shia al-Sudani)", root)
	}
	var surname string
	store.SQL().QueryRow(`SELECT surname FROM entities WHERE name = 'Joseph Biden'`).Scan(&surname)
	if surname != "biden" {
		t.Errorf("a new person's surname is %q", surname)
	}
	var plan string
	store.SQL().QueryRow(`EXPLAIN QUERY PLAN SELECT id, name FROM entities WHERE surname = 'biden' AND type = 'PERSON' AND merged_into IS NULL`).Scan(new(int), new(int), new(int), &plan)
	if !strings.Contains(plan, "entities_surname") {
		t.Errorf("the surname look-up does not use its index: %s", plan)
	}
}

// A misspelt name suggests the closest names first: "netanyahoo" is
// Benjamin Netanyahu before Netanya or Tanya Yahoo.
// TestSurnameOnInsert covers migration 0010 on a database written by
// version 9: the people stored before keep their surnames, the trigger
// that wrote them is gone, newsgraph writes a new person's surname itself,
// a row inserted by another program with no normalised name gets both at
// the next open, and resolution by surname still works, with the
// in-memory index and without it.
func TestSurnameOnInsert(t *testing.T) {
	for _, r := range resolvers {
		t.Run(r.name, func(t *testing.T) {
			r.setup(t)
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "v9.db")
			oldDatabase(t, path, 9)
			dbtest.Exec(t, path, `INSERT INTO entities (id, name, type, norm) VALUES
				(1, 'Alina Romanowski', 'PERSON', 'alina romanowski'), (2, 'Iraq', 'GPE', 'iraq')`)
			store, err := db.Open(ctx, path, r.open...)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { store.Close() }() // the last one opened
			if m := store.Migrated(); len(m) == 0 || m[0] != "0010_surname_on_insert" {
				t.Errorf("Open applied %v", m)
			}
			var triggers int
			store.SQL().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'entities_surname_insert'`).Scan(&triggers)
			if triggers != 0 {
				t.Error("the insert trigger is still there")
			}
			ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{
				{Start: 0, End: 10, Text: "Romanowski", Type: newsgraph.Person, Canonical: "Romanowski"},
				{Start: 15, End: 27, Text: "Joseph Biden", Type: newsgraph.Person, Canonical: "Joseph Biden"},
				{Start: 28, End: 40, Text: "Mohammed Shia al-Sudani", Type: newsgraph.Person, Canonical: "Mohammed Shia al-Sudani"}}}
			if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "s", Text: "Romanowski met Joseph Biden and Mohammed Shia al-Sudani."}, ex); err != nil {
				t.Fatal(err)
			}
			surnames := func() map[string]string {
				got := map[string]string{}
				rows, err := store.SQL().Query(`SELECT name, surname FROM entities`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var n, s string
					rows.Scan(&n, &s)
					got[n] = s
				}
				return got
			}
			want := map[string]string{"Alina Romanowski": "romanowski", "Iraq": "", "Romanowski": "", "Joseph Biden": "biden", "Mohammed Shia al-Sudani": "sudani"}
			if got := surnames(); !maps.Equal(got, want) {
				t.Errorf("surnames %v, want %v", got, want)
			}
			if got := rootOf(t, store, "Romanowski"); got != "Alina Romanowski" {
				t.Errorf("Romanowski resolves to %q", got)
			}
			// Another program's row, with no normalised name: both at the
			// next open.
			store.Close()
			dbtest.Exec(t, path, `INSERT INTO entities (name, type) VALUES ('Najib Mikati', 'PERSON')`)
			if store, err = db.Open(ctx, path, r.open...); err != nil {
				t.Fatal(err)
			}
			want["Najib Mikati"] = "mikati"
			if got := surnames(); !maps.Equal(got, want) {
				t.Errorf("after another program's insert: surnames %v, want %v", got, want)
			}
		})
	}
}

// openIndexHeld opens, as the single writer, a database that holds Najib
// Mikati and Lebanon, with the entity index it will read beside its first
// batch held from use until release is called.
func openIndexHeld(t *testing.T) (s *db.DB, release func()) {
	path := filepath.Join(t.TempDir(), "g.db")
	w := MustOpenAt(t, path)
	store(t, w, said{names: []string{"PERSON:Najib Mikati", "GPE:Lebanon"}})
	w.Close()
	s, err := db.Open(context.Background(), path, db.SingleWriter(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, db.HoldIndex(t)
}

// TestIndexReadBeside covers the entity index read beside the first
// batches: an entity created while it is read is in it once it is put to
// use, and resolves as it would without it.
func TestIndexReadBeside(t *testing.T) {
	s, release := openIndexHeld(t)
	store(t, s, said{names: []string{"PERSON:Alina Romanowski"}}) // begins the reading
	if db.HasIndex(s) {
		t.Fatal("the first batch resolved with an index not yet read")
	}
	release()
	if !db.WaitIndex(s) {
		t.Fatal("the index was not read")
	}
	store(t, s, said{names: []string{"PERSON:Romanowski", "PERSON:Mikati"}})
	if !db.HasIndex(s) {
		t.Fatal("the index read is not used")
	}
	for name, want := range map[string]string{"Romanowski": "Alina Romanowski", "Mikati": "Najib Mikati"} {
		if got := rootOf(t, s, name); got != want {
			t.Errorf("%s resolves to %q, want %q", name, got, want)
		}
	}
}

// TestIndexInstalledInBatch covers an index put to use between two
// articles of one batch: the entities the batch created before it (not
// committed, so not read) resolve as entities read with it do, and the
// batch stores what it would have stored without it.
func TestIndexInstalledInBatch(t *testing.T) {
	ctx := context.Background()
	s, release := openIndexHeld(t)
	b, err := s.Begin(ctx) // begins the reading
	if err != nil {
		t.Fatal(err)
	}
	art := func(text string, names ...string) (newsgraph.Article, newsgraph.Extraction) {
		var ex newsgraph.Extraction
		for _, n := range names {
			typ, name, _ := strings.Cut(n, ":")
			ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: 0, End: 1, Text: name, Type: typ, Canonical: name})
		}
		return newsgraph.Article{Source: "test", Text: text}, ex
	}
	a, ex := art("one", "PERSON:Alina Romanowski", "GPE:Lebanon")
	if _, err := b.Store(ctx, a, ex); err != nil {
		t.Fatal(err)
	}
	if db.HasIndex(s) {
		t.Fatal("the index was used before it was read")
	}
	release()
	if !db.WaitIndex(s) {
		t.Fatal("the index was not read")
	}
	a, ex = art("two", "PERSON:Romanowski", "PERSON:Mikati", "PERSON:Alina Romanowski", "GPE:Lebanon")
	res, err := b.Store(ctx, a, ex)
	if err != nil {
		t.Fatal(err)
	}
	if !db.HasIndex(s) {
		t.Fatal("the index read was not put to use between the batch's articles")
	}
	if res.Entities != 2 {
		t.Errorf("the second article created %d entities, want 2 (Romanowski, Mikati)", res.Entities)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"Romanowski": "Alina Romanowski", "Mikati": "Najib Mikati", "Lebanon": "Lebanon"} {
		if got := rootOf(t, s, name); got != want {
			t.Errorf("%s resolves to %q, want %q", name, got, want)
		}
	}
	var n int
	s.SQL().QueryRow(`SELECT COUNT(*) FROM entities`).Scan(&n)
	if n != 5 {
		t.Errorf("%d entities, want 5", n)
	}
}

// TestIndexMissesAnotherProgramsEntity covers an entity another program
// inserts while newsgraph holds the writer lock (the sqlite3 shell, which
// takes no lock): the index does not know it, the insert meets it, and the
// article is stored with it rather than failing.
func TestIndexMissesAnotherProgramsEntity(t *testing.T) {
	db.IndexInBatch(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	s, err := db.Open(ctx, path, db.SingleWriter(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	store(t, s, said{names: []string{"GPE:Iraq"}})
	if !db.HasIndex(s) {
		t.Fatal("no index")
	}
	dbtest.Exec(t, path, `INSERT INTO entities (name, type, norm) VALUES ('Najib Mikati', 'PERSON', 'najib mikati')`)
	store(t, s, said{names: []string{"PERSON:Najib Mikati", "GPE:Lebanon"}})
	var n int
	s.SQL().QueryRow(`SELECT COUNT(*) FROM entities WHERE name = 'Najib Mikati'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d entities named Najib Mikati, want the one inserted beside", n)
	}
	s.SQL().QueryRow(`SELECT COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.name = 'Najib Mikati'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d mentions of Najib Mikati, want 1", n)
	}
}

// TestCloseStopsIndexReading checks that Close stops the reading of the
// entity index and waits for it: once Close returns, no descriptor of the
// database is open (the lock is released then, and another writer may
// take the file).
func TestCloseStopsIndexReading(t *testing.T) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		t.Skip("needs /proc/self/fd")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	w := MustOpenAt(t, path)
	ents := make([]newsgraph.Entity, 100000)
	for i := range ents {
		ents[i] = newsgraph.Entity{ID: int64(i + 1), Name: fmt.Sprintf("Person %d Name", i), Type: newsgraph.Person}
	}
	if err := w.BulkLoad(ctx, ents, nil, 1); err != nil {
		t.Fatal(err)
	}
	w.Close()
	s, err := db.Open(ctx, path, db.SingleWriter(nil))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Begin(ctx) // begins reading the index
	if err != nil {
		t.Fatal(err)
	}
	b.Rollback()
	// So that the reading has its connection open: it takes about a
	// quarter of a second for these entities.
	time.Sleep(50 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, path) {
			t.Errorf("after Close, %s is still open", target)
		}
	}
}

// TestBulkLoadSurnames checks that BulkLoad writes people's surnames, as
// storing does, so that resolution finds them.
func TestBulkLoadSurnames(t *testing.T) {
	for i, r := range resolvers {
		t.Run(r.name, func(t *testing.T) {
			s := openResolver(t, i)
			ents := []newsgraph.Entity{{ID: 1, Name: "Najib Mikati", Type: newsgraph.Person}, {ID: 2, Name: "Lebanon", Type: newsgraph.GPE}}
			if err := s.BulkLoad(context.Background(), ents, nil, 1); err != nil {
				t.Fatal(err)
			}
			store(t, s, said{names: []string{"PERSON:Mikati"}})
			if got := rootOf(t, s, "Mikati"); got != "Najib Mikati" {
				t.Errorf("Mikati resolves to %q after a bulk load", got)
			}
		})
	}
}

func TestSuggestRanksBySimilarity(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	names := []struct{ name, typ string }{{"Netanya", newsgraph.GPE}, {"Tanya Yahoo", newsgraph.Person},
		{"Benjamin Netanyahu", newsgraph.Person}, {"Angela Merkel", newsgraph.Person}}
	ex := newsgraph.Extraction{}
	for i, n := range names {
		ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: i, End: i + 1, Text: n.name, Type: n.typ, Canonical: n.name})
	}
	if _, err := store.StoreArticle(ctx, newsgraph.Article{Source: "s", Text: "abcd"}, ex); err != nil {
		t.Fatal(err)
	}
	got, err := store.Suggest(ctx, "netanyahoo", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0] != "Benjamin Netanyahu" {
		t.Errorf("suggestions for netanyahoo: %v, want Benjamin Netanyahu first", got)
	}
	for _, g := range got {
		if g == "Angela Merkel" {
			t.Errorf("a name nothing like the query was suggested: %v", got)
		}
	}
}
