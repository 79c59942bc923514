package main

import (
	"context"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// loadGraph reads the relations and the entities they connect.
func loadGraph(ctx context.Context, store *db.DB) ([]newsgraph.Entity, []newsgraph.Fact, error) {
	facts, err := store.Facts(ctx, db.FactFilter{})
	if err != nil {
		return nil, nil, err
	}
	seen := map[int64]bool{}
	var want []int64
	for _, f := range facts {
		for _, id := range []int64{f.SubjectID, f.ObjectID} {
			if !seen[id] {
				seen[id] = true
				want = append(want, id)
			}
		}
	}
	if len(want) == 0 {
		return nil, facts, nil
	}
	ents, err := store.Entities(ctx, db.EntityFilter{IDs: want})
	return ents, facts, err
}
