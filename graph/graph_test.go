package graph_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
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

func TestKPathsAndNeighbors(t *testing.T) {
	// A square 1-2-3-4-1 with a tail 3-5: two ways from 1 to 3.
	facts := []newsgraph.Fact{fact(1, 1, 2, "told"), fact(2, 2, 3, "told"), fact(3, 3, 4, "told"), fact(4, 4, 1, "told"), fact(5, 3, 5, "visited")}
	g := graph.New(nil, facts)
	paths, err := g.KPaths(1, 3, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || len(paths[0]) != 2 || len(paths[1]) != 2 || paths[0][0].To.ID == paths[1][0].To.ID {
		t.Errorf("want the two 2-hop paths via 2 and via 4, got %+v", paths)
	}
	if _, err := g.KPaths(1, 3, 3, 1); !errors.Is(err, graph.ErrNoPath) {
		t.Errorf("paths over the hop limit: %v", err)
	}
	ns, err := g.Neighbors(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]int{}
	for _, n := range ns {
		got[n.Entity.ID] = n.Hops
		if len(n.Via) == 0 {
			t.Errorf("neighbour %d has no linking fact", n.Entity.ID)
		}
	}
	want := map[int64]int{2: 1, 4: 1, 3: 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("neighbours %v, want %v", got, want)
	}
	ents, fs, err := g.Ego(5, 1)
	if err != nil || len(ents) != 2 || len(fs) != 1 {
		t.Errorf("ego of 5: %d entities, %d facts, %v", len(ents), len(fs), err)
	}
}

func BenchmarkPath(b *testing.B) {
	ents, facts := graph.Generate(100_000, 5, 1)
	g := graph.New(ents, facts)
	rng := rand.New(rand.NewPCG(2, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Path(int64(1+rng.IntN(len(ents))), int64(1+rng.IntN(len(ents))), 0)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	ents, facts := graph.Generate(100_000, 5, 1)
	b.ReportMetric(float64(len(facts)), "relations")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := graph.New(ents, facts)
		a := g.Analyze(graph.AnalyzeOptions{Seed: 1, Layers: graph.DefaultLayers})
		b.ReportMetric(a.Modularity, "modularity")
	}
}

func BenchmarkKPaths(b *testing.B) {
	ents, facts := graph.Generate(100_000, 5, 1)
	g := graph.New(ents, facts)
	rng := rand.New(rand.NewPCG(2, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.KPaths(int64(1+rng.IntN(len(ents))), int64(1+rng.IntN(len(ents))), 3, 0)
	}
}

func TestFilter(t *testing.T) {
	facts := []newsgraph.Fact{
		{ID: 1, SubjectID: 1, SubjectType: "PERSON", ObjectID: 2, ObjectType: "GPE", Relation: "visited", Weight: 3, Confidence: 0.9, FirstDate: "2024-01-05", LastDate: "2024-02-01"},
		{ID: 2, SubjectID: 1, SubjectType: "PERSON", ObjectID: 3, ObjectType: "PERSON", Relation: "meets_with", Weight: 1, Confidence: 0.6, Date: "2024-03-10"},
		{ID: 3, SubjectID: 3, SubjectType: "PERSON", ObjectID: 4, ObjectType: "ORG", Relation: "told", Weight: 1, Confidence: 0.85},
		{ID: 4, SubjectID: 4, SubjectType: "ORG", ObjectID: 5, ObjectType: "GPE", Relation: "located_in", Weight: 2, Confidence: 0.9},
	}
	ids := func(fs []newsgraph.Fact) string {
		var s []string
		for _, f := range fs {
			s = append(s, fmt.Sprint(f.ID))
		}
		return fmt.Sprint(s)
	}
	for _, tc := range []struct {
		f    graph.Filter
		want string
		ents int
	}{
		{graph.Filter{}, "[1 2 3 4]", 0},
		{graph.Filter{Relations: []string{"told", "visited"}}, "[1 3]", 4},
		{graph.Filter{EntityTypes: []string{"PERSON"}}, "[2]", 2},
		{graph.Filter{MinWeight: 2}, "[1 4]", 4},
		{graph.Filter{MinConfidence: 0.8}, "[1 3 4]", 5},
		{graph.Filter{Since: "2024-01-20"}, "[1 2]", 3}, // 1 runs to February; undated go
		{graph.Filter{Since: "2024-02-15", Until: "2024-12-31"}, "[2]", 2},
		{graph.Filter{Until: "2024-01-04"}, "[]", 0},
		{graph.Filter{Around: 2, Hops: 2}, "[1 2]", 3}, // 2 - 1 - 3
	} {
		ents, got := tc.f.Apply(nil, facts)
		if ids(got) != tc.want {
			t.Errorf("%s: facts %s, want %s", tc.f, ids(got), tc.want)
		}
		if tc.ents > 0 && len(ents) != tc.ents {
			t.Errorf("%s: %d entities, want %d", tc.f, len(ents), tc.ents)
		}
	}
}
