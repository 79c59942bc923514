package db_test

import (
	"context"
	"reflect"
	"slices"
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
	for _, f := range []db.FactFilter{
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
		ids = append(ids, people[1].ID) // a merged id reads as its root
		ents, err := store.Entities(ctx, db.EntityFilter{IDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		var wantNodes []newsgraph.Entity
		for _, e := range ents {
			wantNodes = append(wantNodes, newsgraph.Entity{ID: e.ID, Name: e.Name, Type: e.Type, Mentions: e.Mentions})
		}
		slices.SortFunc(wantNodes, func(a, b newsgraph.Entity) int { return int(a.ID - b.ID) })
		nodes, err := store.Nodes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(nodes, func(e newsgraph.Entity) bool {
			return e.ID == people[0].ID && e.Mentions == people[0].Mentions+people[1].Mentions
		}) {
			t.Errorf("the merged entity's root is not there with both mention counts: %v", nodes)
		}
		if !reflect.DeepEqual(nodes, wantNodes) {
			t.Errorf("%+v: nodes\n%v\nwant\n%v", f, nodes, wantNodes)
		}
	}
}
