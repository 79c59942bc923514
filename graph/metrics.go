package graph

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"

	"github.com/newsgraph/newsgraph"
)

// Layer is a named group of relation types whose communities are
// computed on their own ("who clusters in diplomacy", "in conflict").
type Layer struct {
	Name      string
	Relations []string
}

// DefaultLayers group the ontology's relations by what they say.
var DefaultLayers = []Layer{
	{"diplomacy", []string{"ambassador_of", "ambassador_to", "meets_with", "visited", "told", "allied_with"}},
	{"government", []string{"president_of", "prime_minister_of", "minister_of", "leader_of", "spokesperson_of", "member_of", "works_for", "citizen_of"}},
	{"conflict", []string{"claimed_attack", "attacked", "killed", "backed_by"}},
	{"place", []string{"located_in", "based_in", "lives_in", "borders", "branch_of"}},
}

// AnalyzeOptions control Analyze.
type AnalyzeOptions struct {
	Seed       uint64  // seeds Louvain's node order and the sampled sources
	Resolution float64 // Louvain resolution; 0 means 1
	// Directed computes PageRank over subject -> object only. By default
	// every relation counts both ways: most relations have a person as
	// subject, so directed PageRank gives people, whom little points at,
	// near-equal minimal values, and ranks them by nothing.
	Directed bool
	// Samples is the number of breadth-first sources for betweenness and
	// closeness in components too large to compute exactly (0: 200).
	// Components of up to ExactLimit nodes are always exact.
	Samples    int
	ExactLimit int // 0 means 4000
	Layers     []Layer
	// plain samples betweenness without linear scaling, as before it:
	// for TestSampledCentralityAccuracy's comparison.
	plain bool
	// MultiplexLimit is the most nodes for which communities across all
	// layers at once are computed with gonum's ModularizeMultiplex (0:
	// 2000); its map-based Louvain takes minutes beyond a few thousand.
	MultiplexLimit int
}

// Analysis is the outcome of Analyze.
type Analysis struct {
	Nodes       []newsgraph.Metrics `json:"nodes"`
	Modularity  float64             `json:"modularity"`
	Communities int                 `json:"communities"`
	Components  int                 `json:"components"`
	Exact       bool                `json:"exact"` // betweenness and closeness are exact
	Layers      map[string]float64  `json:"layer_modularity,omitempty"`
}

// Analyze computes every measure for every entity. At 100,000 entities and
// 500,000 relations it takes seconds, not minutes (BenchmarkAnalyze).
func (g *Graph) Analyze(opt AnalyzeOptions) Analysis {
	if opt.Resolution == 0 {
		opt.Resolution = 1
	}
	if opt.Samples == 0 {
		opt.Samples = DefaultSamples
	}
	if opt.ExactLimit == 0 {
		opt.ExactLimit = 4000
	}
	if opt.MultiplexLimit == 0 {
		opt.MultiplexLimit = 2000
	}
	n := len(g.nodes)
	a := Analysis{Nodes: make([]newsgraph.Metrics, n), Layers: map[string]float64{}}
	for i := range a.Nodes {
		m := &a.Nodes[i]
		m.EntityID = g.nodes[i].ID
		m.InDegree = int(g.in.start[i+1] - g.in.start[i])
		m.OutDegree = int(g.out.start[i+1] - g.out.start[i])
		m.Degree = int(g.und.start[i+1] - g.und.start[i])
		for p := g.und.start[i]; p < g.und.start[i+1]; p++ {
			m.WeightedDegree += g.und.w[p]
		}
	}
	if n == 0 {
		return a
	}
	// Undirected: rank flows along each relation both ways, in proportion
	// to its supporting sentences; relations of an entity with itself
	// are left out, as from the degrees.
	in, out := &g.und, rowSums(&g.und)
	if opt.Directed {
		in, out = &g.in, rowSums(&g.out)
	}
	for i, pr := range pageRank(in, out, pageRankDamping, pageRankTol, pageRankMaxIter) {
		a.Nodes[i].PageRank = pr
	}
	comp, sizes := g.components()
	a.Components = len(sizes)
	for i, c := range comp {
		a.Nodes[i].Component = int(c)
	}
	for i, k := range g.cores() {
		a.Nodes[i].Core = k
	}
	// Centrality, the whole graph's communities and each layer's are
	// independent: found side by side, used in a fixed order. The
	// communities (one Louvain each, the whole graph's the longest) run
	// while the searches of centrality keep every core busy, so no core
	// waits for the last of them.
	type layerJob struct {
		name    string
		c       *csr
		touched []bool
		comm    []int32
		q       float64
	}
	jobs := []*layerJob{{c: &g.und}}
	for _, l := range opt.Layers {
		if c, touched := g.layerCSR(l); c != nil {
			jobs = append(jobs, &layerJob{name: l.Name, c: c, touched: touched})
		}
	}
	var wg sync.WaitGroup
	for k, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if k == 0 {
				j.comm, j.q = louvain(j.c, opt.Resolution, opt.Seed)
			} else {
				j.comm, j.q = layerCommunities(j.c, j.touched, opt)
			}
		}()
	}
	bc, cc, exact := g.centrality(comp, sizes, opt)
	wg.Wait()
	a.Exact = exact
	for i := range a.Nodes {
		a.Nodes[i].Betweenness, a.Nodes[i].Closeness = bc[i], cc[i]
	}
	comm, q := jobs[0].comm, jobs[0].q
	a.Modularity = q
	a.Communities = bySize(comm)
	for i, c := range comm {
		a.Nodes[i].Community = int(c)
	}
	var layers []*csr
	setLayer := func(name string, lc []int32) {
		for i, c := range lc {
			if c < 0 {
				continue
			}
			if a.Nodes[i].Layers == nil {
				a.Nodes[i].Layers = map[string]int{}
			}
			a.Nodes[i].Layers[name] = int(c)
		}
	}
	for _, j := range jobs[1:] {
		layers = append(layers, j.c)
		a.Layers[j.name] = j.q
		setLayer(j.name, j.comm)
	}
	if len(layers) >= 2 && n <= opt.MultiplexLimit {
		mc, q := g.multiplex(layers, opt.Seed)
		a.Layers[MultiplexLayer] = q
		setLayer(MultiplexLayer, mc)
	}
	return a
}

// MultiplexLayer names the communities found across all relation layers at
// once (gonum's ModularizeMultiplex).
const MultiplexLayer = "multiplex"

// multiplex partitions the nodes using every layer at once with gonum's
// multiplex Louvain; nodes in no layer get -1. It returns the mean over
// the layers of their modularity under that partition.
func (g *Graph) multiplex(layers []*csr, seed uint64) ([]int32, float64) {
	views := make([]gonum.Undirected, len(layers))
	for i, c := range layers {
		views[i] = weightedUndirectedView{undirectedView{g, c}}
	}
	ml, err := community.NewUndirectedLayers(views...)
	if err != nil {
		return nil, 0
	}
	weights := make([]float64, len(layers))
	for i := range weights {
		weights[i] = 1
	}
	red := community.ModularizeMultiplex(ml, weights, []float64{1}, true, rand.NewPCG(seed, 0x3a1))
	parts := red.Communities()
	comm := make([]int32, len(g.nodes))
	for i := range comm {
		comm[i] = -1
	}
	inLayer := make([]bool, len(g.nodes))
	for _, c := range layers {
		for i := range g.nodes {
			if c.start[i+1] > c.start[i] {
				inLayer[i] = true
			}
		}
	}
	var idx []int
	var lab []int32
	for k, p := range parts {
		for _, nd := range p {
			if i := int(nd.ID()); inLayer[i] {
				idx, lab = append(idx, i), append(lab, int32(k))
			}
		}
	}
	bySize(lab)
	for k, i := range idx {
		comm[i] = lab[k]
	}
	// gonum's QMultiplex is not normalised per layer; report the mean of
	// each layer's own modularity under the joint partition instead.
	full := make([]int32, len(g.nodes))
	for k, p := range parts {
		for _, nd := range p {
			full[nd.ID()] = int32(k)
		}
	}
	q := 0.0
	for _, c := range layers {
		q += modularity(c, full, 1)
	}
	return comm, q / float64(len(layers))
}

// bySize renumbers labels so that 0 is the largest group (ties: the one
// whose first node comes first) and returns the number of groups.
func bySize(label []int32) int {
	k := renumber(label)
	size := make([]int, k)
	for _, c := range label {
		size[c]++
	}
	order := make([]int32, k)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return size[y] - size[x] })
	rank := make([]int32, k)
	for r, c := range order {
		rank[c] = int32(r)
	}
	for i, c := range label {
		label[i] = rank[c]
	}
	return k
}

// components labels connected components (0 the largest) and returns
// their sizes.
func (g *Graph) components() ([]int32, []int) {
	n := len(g.nodes)
	comp := make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	var queue []int32
	k := int32(0)
	for s := 0; s < n; s++ {
		if comp[s] >= 0 {
			continue
		}
		comp[s] = k
		queue = append(queue[:0], int32(s))
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			for _, y := range g.und.row(x) {
				if comp[y] < 0 {
					comp[y] = k
					queue = append(queue, y)
				}
			}
		}
		k++
	}
	bySize(comp)
	sizes := make([]int, k)
	for _, c := range comp {
		sizes[c]++
	}
	return comp, sizes
}

// cores returns each node's core number (Batagelj & Zaversnik, O(E)).
func (g *Graph) cores() []int {
	n := len(g.nodes)
	deg := make([]int, n)
	md := 0
	for i := 0; i < n; i++ {
		deg[i] = int(g.und.start[i+1] - g.und.start[i])
		md = max(md, deg[i])
	}
	bin := make([]int, md+1)
	for _, d := range deg {
		bin[d]++
	}
	start := 0
	for d := range bin {
		num := bin[d]
		bin[d] = start
		start += num
	}
	pos := make([]int, n)
	vert := make([]int, n)
	for v := 0; v < n; v++ {
		pos[v] = bin[deg[v]]
		vert[pos[v]] = v
		bin[deg[v]]++
	}
	for d := md; d > 0; d-- {
		bin[d] = bin[d-1]
	}
	bin[0] = 0
	for i := 0; i < n; i++ {
		v := vert[i]
		for _, u32 := range g.und.row(int32(v)) {
			u := int(u32)
			if deg[u] > deg[v] {
				du, pu := deg[u], pos[u]
				pw := bin[du]
				w := vert[pw]
				if u != w {
					pos[u], pos[w] = pw, pu
					vert[pu], vert[pw] = w, u
				}
				bin[du]++
				deg[u]--
			}
		}
	}
	return deg
}

// DefaultSamples is the number of sources of sampled betweenness and
// closeness: with linear scaling, 200 sources estimate betweenness as
// closely as 500 without it did (docs/ANALYTICS.md,
// TestSampledCentralityAccuracy), in two fifths of the time.
const DefaultSamples = 200

// centrality returns betweenness and closeness. Components of up to
// ExactLimit nodes are computed from every source (Brandes); larger ones
// from Samples random sources, scaled up: closeness from the distances to
// the sources, betweenness by Brandes & Pich 2007 with the linear scaling
// of Geisberger, Sanders & Schultes 2008 (a source's dependency is
// weighted by how far along each path the node lies, which takes away the
// overestimate of nodes near a sampled source; summed over all sources it
// is the exact value again).
func (g *Graph) centrality(comp []int32, sizes []int, opt AnalyzeOptions) (bc, cc []float64, exact bool) {
	n := len(g.nodes)
	bc, cc = make([]float64, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(opt.Seed, 0xbe7))
	members := make([][]int32, len(sizes))
	for i, c := range comp {
		members[c] = append(members[c], int32(i))
	}
	sources := make([][]int32, len(sizes))
	exact = true
	for c, ms := range members {
		if len(ms) <= opt.ExactLimit || len(ms) <= opt.Samples {
			sources[c] = ms
			continue
		}
		exact = false
		perm := rng.Perm(len(ms))[:opt.Samples]
		slices.Sort(perm)
		for _, p := range perm {
			sources[c] = append(sources[c], ms[p])
		}
	}
	type job struct {
		source int32
		scale  float64
		linear bool
	}
	var jobs []job
	for c, srcs := range sources {
		scale := float64(len(members[c])) / float64(len(srcs))
		for _, s := range srcs {
			jobs = append(jobs, job{s, scale, !opt.plain && len(srcs) < len(members[c])})
		}
	}
	// The searches run on every core, in a fixed number of parts whose
	// sums are added in part order: the same numbers on any machine. They
	// read the adjacency renumbered for locality (bfsOrder).
	adj, renumbered := bfsOrder(&g.und)
	const parts = 8
	results := make([]*brandes, parts)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for p := 0; p < parts; p++ {
		lo, hi := p*len(jobs)/parts, (p+1)*len(jobs)/parts
		wg.Add(1)
		sem <- struct{}{}
		go func(p int, jobs []job) {
			defer func() { <-sem; wg.Done() }()
			b := newBrandes(adj)
			for _, j := range jobs {
				b.add(renumbered[j.source], j.scale, j.linear)
			}
			b.release()
			results[p] = b
		}(p, jobs[lo:hi])
	}
	wg.Wait()
	sumDist := make([]float64, n)
	seenBy := make([]int, n)
	for _, r := range results {
		for i, k := range renumbered {
			bc[i] += r.bc[k]
			sumDist[i] += r.sumDist[k]
			seenBy[i] += r.seenBy[k]
		}
	}
	for i := 0; i < n; i++ {
		size := sizes[comp[i]]
		if n > 2 {
			// Unordered pairs (each counted from both ends) over the
			// (n-1)(n-2)/2 pairs that exclude the node.
			bc[i] = bc[i] / 2 / (float64(n-1) * float64(n-2) / 2)
		}
		if seenBy[i] > 0 && n > 1 {
			r := float64(size - 1)
			total := sumDist[i] * r / float64(seenBy[i])
			cc[i] = (r / total) * (r / float64(n-1))
		}
	}
	return bc, cc, exact
}

// layerCSR builds the undirected adjacency of one layer's relations over
// all nodes, and marks the nodes that have any; nil when it has none.
func (g *Graph) layerCSR(l Layer) (*csr, []bool) {
	want := map[string]bool{}
	for _, r := range l.Relations {
		want[r] = true
	}
	var src, dst []int32
	var w []float64
	touched := make([]bool, len(g.nodes))
	for k, r := range g.rel {
		s, o := g.src[k], g.dst[k]
		if !want[r] || s == o {
			continue
		}
		src, dst, w = append(src, s, o), append(dst, o, s), append(w, g.w[k], g.w[k])
		touched[s], touched[o] = true, true
	}
	if len(src) == 0 {
		return nil, nil
	}
	c := buildCSR(len(g.nodes), src, dst, w, nil, true)
	return &c, touched
}

// layerCommunities runs Louvain on one layer; nodes outside it get -1.
func layerCommunities(c *csr, touched []bool, opt AnalyzeOptions) ([]int32, float64) {
	comm, q := louvain(c, opt.Resolution, opt.Seed)
	for i := range comm {
		if !touched[i] {
			comm[i] = -1
		}
	}
	// Number the layer's communities 0.. by size among touched nodes.
	var idx []int
	var lab []int32
	for i, t := range touched {
		if t {
			idx, lab = append(idx, i), append(lab, comm[i])
		}
	}
	bySize(lab)
	for k, i := range idx {
		comm[i] = lab[k]
	}
	return comm, q
}
