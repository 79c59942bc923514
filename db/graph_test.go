package db_test

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// Edges and Nodes read what Facts and Entities read, less the columns
// graph measures never use, under every filter.
func TestEdgesAndNodesMatchFactsAndEntities(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	ingestSeed(t, store)
	// A merged entity: its root's mentions count its own.
	people, err := store.Entities(ctx, db.EntityFilter{Type: newsgraph.Person, Limit: 2})
	if err != nil || len(people) != 2 {
		t.Fatalf("people: %v %v", people, err)
	}
	if _, err := store.MergeEntities(ctx, people[0].ID, people[1].ID, "test"); err != nil {
		t.Fatal(err)
	}
	for i, f := range []db.FactFilter{
		{},
		{Types: []string{newsgraph.MeetsWith, newsgraph.Visited}},
		{EntityTypes: []string{newsgraph.Person, newsgraph.GPE}},
		{Since: "2024-03-01", Until: "2024-12-31"},
		{MinWeight: 2},
		{MinConf: 0.8},
	} {
		f.ByID = true
		facts, err := store.Facts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var want []newsgraph.Edge
		var ids []int64
		for _, x := range facts {
			want = append(want, newsgraph.Edge{ID: x.ID, SubjectID: x.SubjectID, ObjectID: x.ObjectID, Relation: x.Relation, Weight: x.Weight})
			ids = append(ids, x.SubjectID, x.ObjectID)
		}
		got, err := store.Edges(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 && f.MinWeight == 0 {
			t.Fatalf("%+v keeps no facts of the seed: nothing checked", f)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: edges\n%v\nwant\n%v", f, got, want)
		}
		var ents []newsgraph.Entity
		if len(ids) > 0 {
			if ents, err = store.Entities(ctx, db.EntityFilter{IDs: ids}); err != nil {
				t.Fatal(err)
			}
		}
		var wantNodes []newsgraph.Entity
		for _, e := range ents {
			wantNodes = append(wantNodes, newsgraph.Entity{ID: e.ID, Name: e.Name, Type: e.Type, Mentions: e.Mentions})
		}
		slices.SortFunc(wantNodes, func(a, b newsgraph.Entity) int { return int(a.ID - b.ID) })
		nodes, err := store.Nodes(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && !slices.ContainsFunc(nodes, func(e newsgraph.Entity) bool {
			return e.ID == people[0].ID && e.Mentions == people[0].Mentions+people[1].Mentions
		}) {
			t.Errorf("the merged entity's root is not there with both mention counts: %v", nodes)
		}
		if !reflect.DeepEqual(nodes, wantNodes) {
			t.Errorf("%+v: nodes\n%v\nwant\n%v", f, nodes, wantNodes)
		}
	}
}

// oldEntityColumns is how Entities read an entity before it read those
// without merged entities from their own rows alone.
const oldEntityColumns = `e.id, e.name, e.type,
	(SELECT COUNT(*) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id)) AS n,
	(SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id)),
	COALESCE((SELECT group_concat(alias, char(31)) FROM (
		SELECT a.alias FROM aliases a JOIN entities x ON x.id = a.entity_id WHERE (x.id = e.id OR x.merged_into = e.id) AND a.alias <> e.name
		UNION SELECT x.name FROM entities x WHERE x.merged_into = e.id AND x.name <> e.name
		ORDER BY 1)), '')`

// The streaming reads of the exports give what Facts, Entities and Metrics
// give, under every filter, with merged entities and aliases about.
func TestEachFactAndNodeMatchFactsAndEntities(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	ingestSeed(t, store)
	people, err := store.Entities(ctx, db.EntityFilter{Type: newsgraph.Person, Limit: 3})
	if err != nil || len(people) != 3 {
		t.Fatalf("people: %v %v", people, err)
	}
	if _, err := store.MergeEntities(ctx, people[0].ID, people[1].ID, "test"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		id    int64
		alias string
	}{{people[0].ID, "The Envoy"}, {people[1].ID, "Another Name"}, {people[2].ID, "Third & Co"}} {
		if _, err := store.AddAlias(ctx, a.id, a.alias); err != nil {
			t.Fatal(err)
		}
	}
	// Entities reads what it read before, merged entities or not.
	var old []string
	rows, err := store.SQL().Query(`SELECT ` + oldEntityColumns + ` FROM entities e WHERE e.merged_into IS NULL ORDER BY e.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var name, typ, aliases string
		var n, arts int
		if err := rows.Scan(&id, &name, &typ, &n, &arts, &aliases); err != nil {
			t.Fatal(err)
		}
		old = append(old, fmt.Sprint(id, name, typ, n, arts, strings.Split(aliases, "\x1f")))
	}
	rows.Close()
	all, err := store.Entities(ctx, db.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b newsgraph.Entity) int { return cmp.Compare(a.ID, b.ID) })
	var now []string
	for _, e := range all {
		aliases := e.Aliases
		if len(aliases) == 0 {
			aliases = []string{""}
		}
		now = append(now, fmt.Sprint(e.ID, e.Name, e.Type, e.Mentions, e.Articles, aliases))
	}
	if !reflect.DeepEqual(now, old) {
		t.Errorf("entities read\n%v\nbefore\n%v", now, old)
	}
	// Measures stored for all but one entity.
	var ms []newsgraph.Metrics
	for i, e := range all {
		if i != 2 {
			ms = append(ms, newsgraph.Metrics{EntityID: e.ID, PageRank: float64(i) / 100, Degree: i, Community: i % 3, Core: 1})
		}
	}
	if err := store.SaveMetrics(ctx, ms, db.AnalysisInfo{Filter: "all"}); err != nil {
		t.Fatal(err)
	}
	stored, err := store.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []db.FactFilter{
		{},
		{Types: []string{newsgraph.MeetsWith, newsgraph.Visited}},
		{EntityTypes: []string{newsgraph.Person, newsgraph.GPE}},
		{Since: "2024-03-01", Until: "2024-12-31"},
		{MinWeight: 2},
		{MinConf: 0.8},
	} {
		for _, byPair := range []bool{false, true} {
			f.ByID, f.ByPair = true, byPair
			want, err := store.Facts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				x := &want[i]
				x.Subject, x.SubjectType, x.Object, x.ObjectType, x.DatePrecision, x.ArticleID, x.Role, x.Modality = "", "", "", "", "", 0, "", ""
			}
			var got []newsgraph.Fact
			if err := store.EachFact(ctx, f, func(x *newsgraph.Fact) error { got = append(got, *x); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 && f.MinWeight == 0 {
				t.Fatalf("%+v keeps no facts of the seed: nothing checked", f)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%+v: EachFact\n%v\nwant\n%v", f, got, want)
			}
			if byPair && !slices.IsSortedFunc(got, func(a, b newsgraph.Fact) int {
				return cmp.Or(cmp.Compare(a.SubjectID, b.SubjectID), cmp.Compare(a.ObjectID, b.ObjectID), cmp.Compare(a.ID, b.ID))
			}) {
				t.Errorf("%+v: not by pair", f)
			}
		}
		f.ByPair = false
		var ends []string
		var ids []int64
		err := store.EachFactEnds(ctx, f, func(s, o int64, first string) error {
			ends, ids = append(ends, fmt.Sprint(s, o, first)), append(ids, s, o)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		facts, _ := store.Facts(ctx, f)
		var wantEnds []string
		for _, x := range facts {
			first := x.FirstDate
			if first == "" {
				first = x.Date
			}
			wantEnds = append(wantEnds, fmt.Sprint(x.SubjectID, x.ObjectID, first))
		}
		slices.Sort(ends)
		slices.Sort(wantEnds)
		if !reflect.DeepEqual(ends, wantEnds) {
			t.Errorf("%+v: ends %v, want %v", f, ends, wantEnds)
		}
		var wantNodes []newsgraph.Entity
		if len(ids) > 0 {
			if wantNodes, err = store.Entities(ctx, db.EntityFilter{IDs: ids}); err != nil {
				t.Fatal(err)
			}
		}
		slices.SortFunc(wantNodes, func(a, b newsgraph.Entity) int { return cmp.Compare(a.ID, b.ID) })
		var nodes []newsgraph.Entity
		err = store.EachNode(ctx, f, true, func(e newsgraph.Entity, m *newsgraph.Metrics) error {
			nodes = append(nodes, e)
			s, ok := stored[e.ID]
			if ok != (m != nil) || ok && !reflect.DeepEqual(*m, s) {
				t.Errorf("entity %d: measures %+v, stored %+v", e.ID, m, s)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nodes, wantNodes) {
			t.Errorf("%+v: EachNode\n%v\nwant\n%v", f, nodes, wantNodes)
		}
		cover, err := store.MeasuresCover(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if want := !slices.ContainsFunc(nodes, func(e newsgraph.Entity) bool { return e.ID == all[2].ID }); cover != want {
			t.Errorf("%+v: measures cover %v, want %v", f, cover, want)
		}
	}
	if pr, err := store.MaxPageRank(ctx); err != nil || pr != float64(len(all)-1)/100 {
		t.Errorf("largest pagerank %v %v", pr, err)
	}
}

// SaveMetrics writes with foreign keys off on its connection: a measure of
// an entity that does not exist still fails the save and leaves the stored
// ones, and every connection has its foreign keys on again after.
func TestSaveMetricsChecksEntities(t *testing.T) {
	ctx := context.Background()
	store := MustOpenDB(t)
	ingestSeed(t, store)
	ents, err := store.Entities(ctx, db.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ms []newsgraph.Metrics
	for _, e := range ents {
		ms = append(ms, newsgraph.Metrics{EntityID: e.ID, PageRank: 0.5, Layers: map[string]int{"diplomacy": 1}})
	}
	if err := store.SaveMetrics(ctx, ms, db.AnalysisInfo{Filter: "all"}); err != nil {
		t.Fatal(err)
	}
	for _, orphan := range []newsgraph.Metrics{{EntityID: 999_999}, {EntityID: ents[0].ID, Layers: map[string]int{"x": 1}}} {
		bad := append(slices.Clone(ms[1:]), orphan)
		if orphan.Layers != nil {
			bad[len(bad)-1].EntityID = 999_998
		}
		if err := store.SaveMetrics(ctx, bad, db.AnalysisInfo{}); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("measures of a missing entity saved: %v", err)
		}
	}
	stored, err := store.Metrics(ctx)
	if err != nil || len(stored) != len(ms) {
		t.Errorf("%d measures stored after the failed saves, want %d (%v)", len(stored), len(ms), err)
	}
	// Every pooled connection enforces foreign keys: held at once, the
	// idle ones come first.
	idle := store.SQL().Stats().Idle
	if idle == 0 {
		t.Fatal("no idle connection to check")
	}
	for range idle {
		conn, err := store.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var fk int
		if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Errorf("foreign keys %d after SaveMetrics (%v)", fk, err)
		}
	}
}
