package graph

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// pythonWith returns a python3 that imports the modules, or skips.
func pythonWith(t *testing.T, modules, pkg string) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import "+modules).Run() == nil {
			return p
		}
	}
	t.Skipf("no python3 with %s: install %s to run this check", modules, pkg)
	return ""
}

// networkxPageRank runs networkx's pagerank on the facts: a multigraph, so
// that parallel relations add their weights as ours do, directed or not.
// Without scipy it runs networkx's pure-Python pagerank.
// Undirected, relations of an entity with itself are left out, as ours
// leave them out.
func networkxPageRank(t *testing.T, python string, ents []newsgraph.Entity, facts []newsgraph.Fact, directed bool) map[int64]float64 {
	t.Helper()
	type edge struct {
		S, O int64
		W    float64
	}
	in := struct {
		Nodes    []int64
		Edges    []edge
		Directed bool
	}{Directed: directed}
	for _, e := range ents {
		in.Nodes = append(in.Nodes, e.ID)
	}
	for _, f := range facts {
		in.Edges = append(in.Edges, edge{f.SubjectID, f.ObjectID, edgeWeight(f.Weight)})
	}
	path := filepath.Join(t.TempDir(), "g.json")
	b, _ := json.Marshal(in)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `import sys, json, networkx as nx
d = json.load(open(sys.argv[1]))
g = nx.MultiDiGraph() if d["Directed"] else nx.MultiGraph()
g.add_nodes_from(d["Nodes"])
for e in d["Edges"]:
    g.add_edge(e["S"], e["O"], weight=e["W"])
if not d["Directed"]:
    g.remove_edges_from(list(nx.selfloop_edges(g)))
try:
    import scipy  # nx.pagerank's own implementation needs numpy and scipy
    pagerank = nx.pagerank
except ImportError:  # networkx's pure-Python one, the same iteration
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank
pr = pagerank(g, alpha=0.85, weight="weight", tol=1e-14, max_iter=100000)
print(json.dumps({str(k): v for k, v in pr.items()}))`
	cmd := exec.Command(python, "-c", script, path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, stderr.String())
	}
	var raw map[string]float64
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("networkx output: %v: %s", err, out)
	}
	pr := map[int64]float64{}
	for k, v := range raw {
		id, _ := strconv.ParseInt(k, 10, 64)
		pr[id] = v
	}
	return pr
}

// pageRankFixture is a heavy-tailed graph with parallel relations, a
// relation of an entity with itself and an entity with none.
func pageRankFixture() ([]newsgraph.Entity, []newsgraph.Fact) {
	ents, facts := Generate(300, 3, 2)
	n := int64(len(ents))
	facts = append(facts,
		newsgraph.Fact{ID: 10001, SubjectID: 5, ObjectID: 1, Relation: "visited", Weight: 4},
		newsgraph.Fact{ID: 10002, SubjectID: 7, ObjectID: 7, Relation: "told", Weight: 2})
	ents = append(ents, newsgraph.Entity{ID: n + 1, Name: "Alone", Type: newsgraph.Person})
	return ents, facts
}

func TestPageRankMatchesNetworkx(t *testing.T) {
	python := pythonWith(t, "networkx", "python3-networkx")
	ents, facts := pageRankFixture()
	for _, directed := range []bool{false, true} {
		want := networkxPageRank(t, python, ents, facts, directed)
		a := New(ents, facts).Analyze(AnalyzeOptions{Seed: 1, Directed: directed})
		if len(want) != len(a.Nodes) {
			t.Fatalf("directed %v: networkx ranks %d nodes, we %d", directed, len(want), len(a.Nodes))
		}
		worst := 0.0
		for _, m := range a.Nodes {
			d := math.Abs(m.PageRank - want[m.EntityID])
			worst = max(worst, d)
			if d > 1e-6 {
				t.Errorf("directed %v: entity %d PageRank %v, networkx %v", directed, m.EntityID, m.PageRank, want[m.EntityID])
			}
		}
		t.Logf("directed %v: largest difference from networkx %.2g", directed, worst)
	}
}

func TestPageRankIsReproducible(t *testing.T) {
	ents, facts := pageRankFixture()
	first := New(ents, facts).Analyze(AnalyzeOptions{Seed: 1})
	for run := 0; run < 3; run++ {
		again := New(ents, facts).Analyze(AnalyzeOptions{Seed: 1})
		for i, m := range again.Nodes {
			if math.Float64bits(m.PageRank) != math.Float64bits(first.Nodes[i].PageRank) {
				t.Fatalf("run %d: entity %d PageRank %v, first run %v", run, m.EntityID, m.PageRank, first.Nodes[i].PageRank)
			}
		}
	}
}

// TestPageRankRanksPeople: people are mostly subjects, so directed
// PageRank gives a well-connected person and one with a single relation
// the same minimal value; undirected, the hub outranks the leaf.
func TestPageRankRanksPeople(t *testing.T) {
	p := func(id int64, name string) newsgraph.Entity {
		return newsgraph.Entity{ID: id, Name: name, Type: newsgraph.Person}
	}
	gpe := func(id int64, name string) newsgraph.Entity {
		return newsgraph.Entity{ID: id, Name: name, Type: newsgraph.GPE}
	}
	ents := []newsgraph.Entity{p(1, "Hub"), p(2, "Leaf"), p(3, "Aide"), p(4, "Envoy"), gpe(10, "Iraq"), gpe(11, "Jordan")}
	f := func(id, s, o int64, rel string) newsgraph.Fact {
		return newsgraph.Fact{ID: id, SubjectID: s, ObjectID: o, Relation: rel, Weight: 1}
	}
	facts := []newsgraph.Fact{
		f(1, 1, 10, "visited"), f(2, 1, 11, "visited"), f(3, 1, 3, "meets_with"), f(4, 1, 4, "meets_with"),
		f(5, 2, 10, "visited"), f(6, 3, 11, "citizen_of"), f(7, 4, 10, "ambassador_to"),
	}
	g := New(ents, facts)
	_, und := metricsOf(t, g, AnalyzeOptions{})
	_, dir := metricsOf(t, g, AnalyzeOptions{Directed: true})
	if !(und[1].PageRank > und[3].PageRank && und[3].PageRank > und[2].PageRank) {
		t.Errorf("undirected PageRank: hub %v, aide %v, leaf %v; want hub > aide > leaf", und[1].PageRank, und[3].PageRank, und[2].PageRank)
	}
	if dir[1].PageRank != dir[2].PageRank {
		t.Errorf("directed PageRank: hub %v, leaf %v; want both minimal", dir[1].PageRank, dir[2].PageRank)
	}
	sum := 0.0
	for _, m := range und {
		sum += m.PageRank
	}
	if !close(sum, 1) {
		t.Errorf("undirected PageRank sums to %v", sum)
	}
}

// BenchmarkPageRank runs PageRank alone at 100,000 entities and 500,000
// relations, both ways and subject to object (docs/ANALYTICS.md compares it
// with gonum's PageRankSparse, which it replaced).
func BenchmarkPageRank(b *testing.B) {
	g := New(Generate(100_000, 5, 1))
	for _, directed := range []bool{false, true} {
		in, out, name := &g.und, rowSums(&g.und), "undirected"
		if directed {
			in, out, name = &g.in, rowSums(&g.out), "directed"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				pageRank(in, out, pageRankDamping, pageRankTol, pageRankMaxIter)
			}
		})
	}
}
