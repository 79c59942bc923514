package graph_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/graph"
)

func fact(id, s, o int64, rel string) newsgraph.Fact {
	return newsgraph.Fact{ID: id, SubjectID: s, Subject: fmt.Sprint("e", s), ObjectID: o, Object: fmt.Sprint("e", o), Relation: rel}
}

func TestPath(t *testing.T) {
	// 1 - 2 - 3 - 4, a shortcut 1 - 5 - 4 of the same length, 6 alone.
	facts := []newsgraph.Fact{
		fact(1, 1, 2, "meets_with"), fact(2, 3, 2, "visited"), fact(3, 3, 4, "located_in"),
		fact(4, 1, 5, "told"), fact(5, 5, 6, "told"), fact(6, 2, 1, "told"), fact(7, 7, 8, "told"),
	}
	g := graph.New(nil, facts)
	tests := []struct {
		from, to int64
		max      int
		hops     int
		err      bool
	}{
		{1, 4, 0, 3, false},
		{1, 4, 2, 0, true},
		{1, 6, 0, 2, false},
		{4, 1, 3, 3, false},
		{1, 7, 0, 0, true},
		{1, 99, 0, 0, true},
		{2, 2, 0, 0, false},
	}
	for _, tt := range tests {
		hops, err := g.Path(tt.from, tt.to, tt.max)
		if (err != nil) != tt.err || (err != nil && !errors.Is(err, graph.ErrNoPath)) {
			t.Errorf("%d->%d: err %v", tt.from, tt.to, err)
			continue
		}
		if len(hops) != tt.hops {
			t.Errorf("%d->%d: %d hops, want %d", tt.from, tt.to, len(hops), tt.hops)
		}
		for i, h := range hops {
			if len(h.Facts) == 0 {
				t.Errorf("%d->%d hop %d has no evidence", tt.from, tt.to, i)
			}
			if i > 0 && hops[i-1].To.ID != h.From.ID {
				t.Errorf("hops do not chain")
			}
		}
	}
	// Both relations between 1 and 2 come with the hop.
	hops, _ := g.Path(1, 2, 1)
	if len(hops) != 1 || len(hops[0].Facts) != 2 {
		t.Errorf("hop 1-2 facts: %+v", hops)
	}
}

func ExampleGraph_Path() {
	g := graph.New(nil, []newsgraph.Fact{
		{ID: 1, SubjectID: 1, Subject: "Alina Romanowski", ObjectID: 2, Object: "Iraq", Relation: "ambassador_to"},
		{ID: 2, SubjectID: 3, Subject: "Mohammed Shia al-Sudani", ObjectID: 2, Object: "Iraq", Relation: "prime_minister_of"},
	})
	hops, _ := g.Path(1, 3, 4)
	for _, h := range hops {
		fmt.Println(h.From.Name, "--", h.Facts[0].Relation, "--", h.To.Name)
	}
	// Output:
	// Alina Romanowski -- ambassador_to -- Iraq
	// Iraq -- prime_minister_of -- Mohammed Shia al-Sudani
}
