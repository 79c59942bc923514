package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	gonum "gonum.org/v1/gonum/graph"

	"github.com/newsgraph/newsgraph"
)

// edges builds a graph from "a-b" pairs of small integers.
func edges(pairs ...[2]int64) *Graph {
	var facts []newsgraph.Fact
	for k, p := range pairs {
		facts = append(facts, newsgraph.Fact{ID: int64(k + 1), SubjectID: p[0], Subject: fmt.Sprint(p[0]),
			ObjectID: p[1], Object: fmt.Sprint(p[1]), Relation: "meets_with", Weight: 1})
	}
	return New(nil, facts)
}

func metricsOf(t *testing.T, g *Graph, opt AnalyzeOptions) (Analysis, map[int64]newsgraph.Metrics) {
	t.Helper()
	a := g.Analyze(opt)
	by := map[int64]newsgraph.Metrics{}
	for _, m := range a.Nodes {
		by[m.EntityID] = m
	}
	return a, by
}

func close(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestStarMetrics(t *testing.T) {
	// Centre 1 with leaves 2..5: values known by hand.
	g := edges([2]int64{1, 2}, [2]int64{1, 3}, [2]int64{4, 1}, [2]int64{5, 1})
	a, m := metricsOf(t, g, AnalyzeOptions{})
	c := m[1]
	if c.Degree != 4 || c.OutDegree != 2 || c.InDegree != 2 || c.WeightedDegree != 4 {
		t.Errorf("centre degrees %+v", c)
	}
	// Every pair of leaves passes through the centre: 6 of 6 pairs.
	if !close(c.Betweenness, 1) || !close(m[2].Betweenness, 0) {
		t.Errorf("betweenness centre %v leaf %v, want 1 and 0", c.Betweenness, m[2].Betweenness)
	}
	// Centre: 4 nodes at distance 1. Leaf: 1 + 2+2+2 = 7 over 4 reachable.
	if !close(c.Closeness, 1) || !close(m[2].Closeness, 4.0/7) {
		t.Errorf("closeness centre %v leaf %v, want 1 and 4/7", c.Closeness, m[2].Closeness)
	}
	if c.Core != 1 || m[3].Core != 1 || a.Components != 1 || !a.Exact {
		t.Errorf("core %d, components %d, exact %v", c.Core, a.Components, a.Exact)
	}
	sum := 0.0
	for _, x := range a.Nodes {
		sum += x.PageRank
	}
	if !close(sum, 1) {
		t.Errorf("PageRank sums to %v", sum)
	}
	// The centre of a star ranks above its leaves, undirected (every
	// relation counts both ways) and directed (2 and 3 point at 1).
	if !(m[1].PageRank > m[2].PageRank) || !(m[1].PageRank > m[4].PageRank) {
		t.Errorf("PageRank %v", a.Nodes)
	}
	if _, d := metricsOf(t, g, AnalyzeOptions{Directed: true}); !(d[1].PageRank > d[2].PageRank) {
		t.Errorf("directed PageRank: centre %v, leaf %v", d[1].PageRank, d[2].PageRank)
	}
}

func TestCoresAndComponents(t *testing.T) {
	// A 4-clique (1-4) with a pendant 5, and a separate pair 6-7.
	g := edges([2]int64{1, 2}, [2]int64{1, 3}, [2]int64{1, 4}, [2]int64{2, 3}, [2]int64{2, 4}, [2]int64{3, 4},
		[2]int64{4, 5}, [2]int64{6, 7})
	a, m := metricsOf(t, g, AnalyzeOptions{})
	for id, want := range map[int64]int{1: 3, 2: 3, 3: 3, 4: 3, 5: 1, 6: 1, 7: 1} {
		if m[id].Core != want {
			t.Errorf("core of %d: %d, want %d", id, m[id].Core, want)
		}
	}
	if a.Components != 2 || m[1].Component != 0 || m[6].Component != 1 {
		t.Errorf("components: %d; 1 in %d, 6 in %d", a.Components, m[1].Component, m[6].Component)
	}
	// Closeness with Wasserman-Faust scaling: 6 reaches 1 of 6 others.
	if !close(m[6].Closeness, 1.0/6) {
		t.Errorf("closeness of 6: %v, want 1/6", m[6].Closeness)
	}
}

func TestLouvainTwoTriangles(t *testing.T) {
	// Two triangles joined by one edge: two communities, Q = 2(3/7 - (7/14)^2).
	g := edges([2]int64{1, 2}, [2]int64{2, 3}, [2]int64{1, 3}, [2]int64{4, 5}, [2]int64{5, 6}, [2]int64{4, 6}, [2]int64{3, 4})
	a, m := metricsOf(t, g, AnalyzeOptions{})
	if a.Communities != 2 || m[1].Community != m[2].Community || m[1].Community == m[5].Community {
		t.Fatalf("communities %d: %v", a.Communities, a.Nodes)
	}
	if want := 6.0/7 - 0.5; !close(a.Modularity, want) {
		t.Errorf("modularity %v, want %v", a.Modularity, want)
	}
}

// gonumCopy copies the undirected weighted adjacency into a gonum graph.
func gonumCopy(g *Graph) *simple.WeightedUndirectedGraph {
	s := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range g.nodes {
		s.AddNode(simple.Node(i))
	}
	for i := range g.nodes {
		for p := g.und.start[i]; p < g.und.start[i+1]; p++ {
			if j := g.und.to[p]; int(j) > i {
				s.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: g.und.w[p]})
			}
		}
	}
	return s
}

func TestLouvainMatchesGonum(t *testing.T) {
	ents, facts := Generate(400, 3, 5)
	g := New(ents, facts)
	comm, q := louvain(&g.und, 1, 1)
	s := gonumCopy(g)
	groups := map[int32][]gonum.Node{}
	for i, c := range comm {
		groups[c] = append(groups[c], simple.Node(i))
	}
	var parts [][]gonum.Node
	for _, nodes := range groups {
		parts = append(parts, nodes)
	}
	if gq := community.Q(s, parts, 1); !close(q, gq) {
		t.Errorf("our modularity %v, gonum's Q of the same partition %v", q, gq)
	}
	// The view over our arrays gives gonum the same answer as its copy.
	if vq := community.Q(weightedUndirectedView{undirected(g)}, parts, 1); !close(vq, q) {
		t.Errorf("gonum's Q over the view %v, ours %v", vq, q)
	}
	ref := community.Modularize(s, 1, rand.NewPCG(1, 1))
	gq := community.Q(s, ref.Communities(), 1)
	if q < gq-0.02 {
		t.Errorf("our Louvain reaches Q %v, gonum's Modularize %v", q, gq)
	}
	t.Logf("modularity: ours %.4f, gonum %.4f", q, gq)
}

func TestSampledCentralityTracksExact(t *testing.T) {
	ents, facts := Generate(1500, 3, 9)
	g := New(ents, facts)
	exact := g.Analyze(AnalyzeOptions{Seed: 1})
	sampled := g.Analyze(AnalyzeOptions{Seed: 1, ExactLimit: 100, Samples: 300})
	if !exact.Exact || sampled.Exact {
		t.Fatalf("exact flags %v %v", exact.Exact, sampled.Exact)
	}
	top := func(a Analysis, k int, by func(newsgraph.Metrics) float64) map[int64]bool {
		best := map[int64]bool{}
		for len(best) < k {
			var arg int64
			v := -1.0
			for _, m := range a.Nodes {
				if !best[m.EntityID] && by(m) > v {
					arg, v = m.EntityID, by(m)
				}
			}
			best[arg] = true
		}
		return best
	}
	bt := func(m newsgraph.Metrics) float64 { return m.Betweenness }
	e5, s20 := top(exact, 5, bt), top(sampled, 20, bt)
	for id := range e5 {
		if !s20[id] {
			t.Errorf("exact top-5 betweenness entity %d is not in the sampled top 20", id)
		}
	}
	// Closeness estimates stay within 15% for well-connected nodes.
	for i, m := range exact.Nodes {
		if m.Degree >= 10 {
			if s := sampled.Nodes[i].Closeness; math.Abs(s-m.Closeness) > 0.15*m.Closeness {
				t.Errorf("entity %d closeness: sampled %v, exact %v", m.EntityID, s, m.Closeness)
			}
		}
	}
}

func TestLayers(t *testing.T) {
	facts := []newsgraph.Fact{
		{ID: 1, SubjectID: 1, ObjectID: 2, Relation: "meets_with"},
		{ID: 2, SubjectID: 2, ObjectID: 3, Relation: "meets_with"},
		{ID: 3, SubjectID: 4, ObjectID: 5, Relation: "claimed_attack"},
	}
	a, m := metricsOf(t, New(nil, facts), AnalyzeOptions{Layers: DefaultLayers})
	if _, ok := m[1].Layers["diplomacy"]; !ok {
		t.Errorf("entity 1 has no diplomacy community: %+v", m[1])
	}
	if _, ok := m[1].Layers["conflict"]; ok {
		t.Errorf("entity 1 has a conflict community: %+v", m[1])
	}
	if m[4].Layers["conflict"] != m[5].Layers["conflict"] {
		t.Errorf("4 and 5 apart in the conflict layer")
	}
	if _, ok := a.Layers["place"]; ok {
		t.Error("a layer with no relations got a modularity")
	}
	// Across layers at once (gonum's ModularizeMultiplex): the meeting
	// chain and the attack pair are apart.
	mx := func(id int64) int {
		c, ok := m[id].Layers[MultiplexLayer]
		if !ok {
			t.Fatalf("entity %d has no multiplex community: %+v", id, m[id])
		}
		return c
	}
	if mx(4) != mx(5) || mx(1) == mx(4) || mx(1) != mx(2) {
		t.Errorf("multiplex communities: %d %d %d %d %d", mx(1), mx(2), mx(3), mx(4), mx(5))
	}
}

func TestBidirectionalMatchesBFS(t *testing.T) {
	ents, facts := Generate(3000, 2, 3)
	g := New(ents, facts)
	rng := rand.New(rand.NewPCG(4, 4))
	for q := 0; q < 200; q++ {
		a, b := int32(rng.IntN(g.Len())), int32(rng.IntN(g.Len()))
		if a == b {
			continue
		}
		want := g.ego(a, 1<<30)[b]
		got := g.bidirectional(a, b)
		if len(got)-1 != want {
			t.Fatalf("%d->%d: path of %d hops, BFS distance %d", a, b, len(got)-1, want)
		}
		for i := 1; i < len(got); i++ {
			if _, ok := g.und.weight(got[i-1], got[i]); !ok {
				t.Fatalf("path %v uses a missing edge", got)
			}
		}
	}
}

// TestAnalyzeIsReproducible: the same graph gives the same numbers, byte
// for byte, run after run and whatever order its entities and facts are
// given in (a database may return them in another order).
func TestAnalyzeIsReproducible(t *testing.T) {
	all, facts := Generate(700, 3, 11)
	for _, opt := range []AnalyzeOptions{
		{Seed: 1, Layers: DefaultLayers},                                // exact, and gonum's multiplex Louvain
		{Seed: 1, Layers: DefaultLayers, ExactLimit: 100, Samples: 100}, // sampled betweenness and closeness
	} {
		// With half the entities given, the rest are nodes from the facts.
		for _, ents := range [][]newsgraph.Entity{all, all[:len(all)/2]} {
			want, err := json.Marshal(New(ents, facts).Analyze(opt))
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 3))
			for run := 0; run < 3; run++ {
				e, f := slices.Clone(ents), slices.Clone(facts)
				if run > 0 {
					rng.Shuffle(len(e), func(i, j int) { e[i], e[j] = e[j], e[i] })
					rng.Shuffle(len(f), func(i, j int) { f[i], f[j] = f[j], f[i] })
				}
				if got, _ := json.Marshal(New(e, f).Analyze(opt)); !bytes.Equal(got, want) {
					t.Errorf("%d entities given, exact limit %d, run %d: the analysis differs from the first", len(ents), opt.ExactLimit, run)
				}
			}
		}
	}
}

// TestFromEdgesAnalyzesAsNew: a graph built from edges (what analyze reads
// from a database) gives the same numbers, byte for byte, as one built
// from the same facts.
func TestFromEdgesAnalyzesAsNew(t *testing.T) {
	ents, facts := Generate(700, 3, 11)
	edges := make([]newsgraph.Edge, len(facts))
	for k, f := range facts {
		edges[k] = newsgraph.Edge{ID: f.ID, SubjectID: f.SubjectID, ObjectID: f.ObjectID, Relation: f.Relation, Weight: f.Weight}
	}
	for _, opt := range []AnalyzeOptions{
		{Seed: 1, Layers: DefaultLayers},
		{Seed: 1, Layers: DefaultLayers, ExactLimit: 100, Samples: 100},
	} {
		want, _ := json.Marshal(New(ents, facts).Analyze(opt))
		got, _ := json.Marshal(FromEdges(ents, edges).Analyze(opt))
		if !bytes.Equal(got, want) {
			t.Errorf("exact limit %d: the analysis from edges differs", opt.ExactLimit)
		}
	}
}

// TestLinearScalingSumsToExact: over every source, linearly scaled
// dependencies add up to exact betweenness, as plain ones do.
func TestLinearScalingSumsToExact(t *testing.T) {
	ents, facts := Generate(300, 3, 2)
	g := New(ents, facts)
	plain, linear := newBrandes(&g.und), newBrandes(&g.und)
	for s := range g.Len() {
		plain.add(int32(s), 1, false)
		linear.add(int32(s), 1, true)
	}
	nonzero := 0
	for i := range plain.bc {
		if math.Abs(plain.bc[i]-linear.bc[i]) > 1e-9*max(1, plain.bc[i]) {
			t.Errorf("node %d: plain %v, linear %v", i, plain.bc[i], linear.bc[i])
		}
		if plain.bc[i] > 0 {
			nonzero++
		}
	}
	if nonzero < 50 {
		t.Errorf("only %d nodes with betweenness: nothing checked", nonzero)
	}
}

// TestBFSOrderKeepsTheGraph: the renumbered adjacency is the same graph,
// and Brandes over it gives the same values, to rounding.
func TestBFSOrderKeepsTheGraph(t *testing.T) {
	ents, facts := Generate(500, 3, 4)
	facts = append(facts, newsgraph.Fact{ID: 9999, SubjectID: 10_001, ObjectID: 10_002, Relation: "meets_with"}) // a second component
	g := New(ents, facts)
	r, renumbered := bfsOrder(&g.und)
	if slices.Max(renumbered) != int32(g.Len()-1) || len(r.to) != len(g.und.to) {
		t.Fatalf("renumbering of %d nodes up to %d, %d entries of %d", g.Len(), slices.Max(renumbered), len(r.to), len(g.und.to))
	}
	seen := map[int32]bool{}
	for i := range g.Len() {
		k := renumbered[i]
		seen[k] = true
		var want []int32
		for _, y := range g.und.row(int32(i)) {
			want = append(want, renumbered[y])
		}
		slices.Sort(want)
		if !slices.Equal(r.row(k), want) {
			t.Fatalf("node %d's neighbours %v, renumbered %v", i, want, r.row(k))
		}
	}
	if len(seen) != g.Len() {
		t.Fatalf("%d numbers for %d nodes", len(seen), g.Len())
	}
	a, b := newBrandes(&g.und), newBrandes(r)
	for s := range g.Len() {
		a.add(int32(s), 1, true)
		b.add(renumbered[s], 1, true)
	}
	for i := range g.Len() {
		k := renumbered[i]
		if math.Abs(a.bc[i]-b.bc[k]) > 1e-9*max(1, a.bc[i]) || a.sumDist[i] != b.sumDist[k] || a.seenBy[i] != b.seenBy[k] {
			t.Errorf("node %d: %v %v %v, renumbered %v %v %v", i, a.bc[i], a.sumDist[i], a.seenBy[i], b.bc[k], b.sumDist[k], b.seenBy[k])
		}
	}
}
