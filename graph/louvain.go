package graph

import (
	"math/rand/v2"
)

// Louvain community detection over compact arrays. gonum's
// community.Modularize implements the same algorithm over its map-based
// graphs and takes minutes at 10,000 nodes and did not finish a pass in 18
// minutes at 100,000 (PERF_NOTES.md); this version keeps the graph as
// int32 arrays at every level. Tests compare its modularity with gonum's
// community.Q and community.Modularize on small graphs.

// wgraph is an undirected weighted graph at one Louvain level: CSR rows
// that list each neighbour once, plus each node's self-loop weight.
type wgraph struct {
	start []int32
	to    []int32
	w     []float64
	self  []float64
}

func (g *wgraph) n() int { return len(g.start) - 1 }

// louvain returns a community per node of c (numbered 0.. by first node)
// and the modularity reached.
func louvain(c *csr, resolution float64, seed uint64) ([]int32, float64) {
	n := len(c.start) - 1
	g := &wgraph{start: c.start, to: c.to, w: c.w, self: make([]float64, n)}
	member := make([]int32, n) // original node -> community at current level
	for i := range member {
		member[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x10ca1))
	for {
		comm, moved := louvainLevel(g, resolution, rng)
		for i := range member {
			member[i] = comm[member[i]]
		}
		if !moved {
			break
		}
		g = aggregate(g, comm)
	}
	renumber(member)
	return member, modularity(c, member, resolution)
}

// louvainLevel moves nodes between communities while modularity improves,
// then numbers the communities 0..k-1. It reports whether any node moved.
//
// Every node is visited once in a random order; after that only the
// nodes whose neighbourhood changed are: when a node moves, its
// neighbours outside its new community go to the back of a queue (unless
// already in it), and the level ends when the queue is empty (the "fast
// local move" of Traag, Waltman and van Eck 2019, used by Leiden). The
// level ends as a sweep over every node until none moves would: no node
// can raise modularity by moving alone. At 100,000 entities the sweeps
// took 43 passes over every node, most of them moving a few nodes.
func louvainLevel(g *wgraph, res float64, rng *rand.Rand) ([]int32, bool) {
	n := g.n()
	comm := make([]int32, n)
	k := make([]float64, n)   // weighted degree, self loops twice
	tot := make([]float64, n) // total degree of each community
	m2 := 0.0
	for i := 0; i < n; i++ {
		comm[i] = int32(i)
		d := 2 * g.self[i]
		for p := g.start[i]; p < g.start[i+1]; p++ {
			d += g.w[p]
		}
		k[i], tot[i] = d, d
		m2 += d
	}
	if m2 == 0 {
		return comm, false
	}
	// queue is a ring of at most n nodes, queued[i] whether i is in it.
	queue := make([]int32, n)
	for i, x := range rng.Perm(n) {
		queue[i] = int32(x)
	}
	queued := make([]bool, n)
	for i := range queued {
		queued[i] = true
	}
	head, size := 0, n
	links := make([]float64, n) // weight from the current node to each community
	var touched []int32
	moved := false
	// Each move raises modularity, so the queue empties; the bound is a
	// guard against rounding, as the sweeps had at most 100.
	for visits := 0; size > 0 && visits < 100*n; visits++ {
		i := queue[head]
		head, size = (head+1)%n, size-1
		queued[i] = false
		ci := comm[i]
		touched = touched[:0]
		for p := g.start[i]; p < g.start[i+1]; p++ {
			c := comm[g.to[p]]
			if links[c] == 0 {
				touched = append(touched, c)
			}
			links[c] += g.w[p]
		}
		tot[ci] -= k[i]
		best, bestGain := ci, links[ci]-res*tot[ci]*k[i]/m2
		for _, c := range touched {
			if gain := links[c] - res*tot[c]*k[i]/m2; gain > bestGain+1e-12 {
				best, bestGain = c, gain
			}
		}
		tot[best] += k[i]
		for _, c := range touched {
			links[c] = 0
		}
		links[ci] = 0
		if best == ci {
			continue
		}
		comm[i] = best
		moved = true
		for p := g.start[i]; p < g.start[i+1]; p++ {
			if j := g.to[p]; comm[j] != best && !queued[j] {
				queued[j] = true
				queue[(head+size)%n] = j
				size++
			}
		}
	}
	renumber(comm)
	return comm, moved
}

// renumber maps community labels to 0..k-1 in order of first appearance.
func renumber(comm []int32) int {
	ids := map[int32]int32{}
	for i, c := range comm {
		id, ok := ids[c]
		if !ok {
			id = int32(len(ids))
			ids[c] = id
		}
		comm[i] = id
	}
	return len(ids)
}

// aggregate builds the next level's graph: one node per community, edges
// summed, internal edges as self loops.
func aggregate(g *wgraph, comm []int32) *wgraph {
	k := 0
	for _, c := range comm {
		k = max(k, int(c)+1)
	}
	self := make([]float64, k)
	var src, dst []int32
	var w []float64
	for i := 0; i < g.n(); i++ {
		ci := comm[i]
		self[ci] += g.self[i]
		for p := g.start[i]; p < g.start[i+1]; p++ {
			cj := comm[g.to[p]]
			if cj == ci {
				self[ci] += g.w[p] / 2 // each internal edge is seen from both ends
				continue
			}
			src, dst, w = append(src, ci), append(dst, cj), append(w, g.w[p])
		}
	}
	c := buildCSR(k, src, dst, w, nil, true)
	return &wgraph{start: c.start, to: c.to, w: c.w, self: self}
}

// modularity of a partition of an undirected weighted graph (Newman):
// Q = sum over communities of in/m - res*(tot/2m)^2, where in is the weight
// inside the community and tot its total degree.
func modularity(c *csr, comm []int32, res float64) float64 {
	n := len(c.start) - 1
	k := 0
	for _, x := range comm {
		k = max(k, int(x)+1)
	}
	in := make([]float64, k)
	tot := make([]float64, k)
	m2 := 0.0
	for i := 0; i < n; i++ {
		for p := c.start[i]; p < c.start[i+1]; p++ {
			w := c.w[p]
			m2 += w
			tot[comm[i]] += w
			if comm[c.to[p]] == comm[i] {
				in[comm[i]] += w
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	q := 0.0
	for x := 0; x < k; x++ {
		q += in[x]/m2 - res*(tot[x]/m2)*(tot[x]/m2)
	}
	return q
}
