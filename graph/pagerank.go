package graph

import "math"

// PageRank by power iteration over the compact arrays.
//
// Why not gonum: network.PageRank and network.PageRankSparse (gonum
// v0.17.0, graph/network/page.go) start the iteration from a vector drawn
// from math/rand/v2's global source (rand.NormFloat64) and offer no way to
// seed it or give a start vector, so the same graph gets values that
// differ in the ninth digit on every run, and exports never diff clean.
// This is the same iteration (weighted edges, damping, a dangling node's
// rank spread over every node) started from the uniform vector, with every
// sum taken in node order, so the same graph gives the same bits. Reading
// the arrays directly also spares gonum's map of results and the interface
// calls per edge.

const (
	pageRankDamping = 0.85
	// pageRankTol bounds the L1 change of the rank vector between two
	// iterations at which the iteration stops; each value is then within
	// about tol*damping/(1-damping) of the limit (networkx stops at an L1
	// change of n*1e-6).
	pageRankTol     = 1e-10
	pageRankMaxIter = 1000
)

// pageRank returns the PageRank of every node of the graph whose incoming
// edges are in (row j lists the nodes with an edge to j and its weight)
// and whose total outgoing weights are out. A node with no outgoing weight
// spreads its rank evenly over all nodes, as networkx and gonum do. For an
// undirected graph, in is the symmetric adjacency and out each node's
// weighted degree. It costs O(E) per iteration and allocates three
// vectors of n.
func pageRank(in *csr, out []float64, damp, tol float64, maxIter int) []float64 {
	n := len(out)
	if n == 0 {
		return nil
	}
	x := make([]float64, n)
	next := make([]float64, n)
	share := make([]float64, n) // x[i]/out[i]: what node i passes per unit of weight
	for i := range x {
		x[i] = 1 / float64(n)
	}
	for it := 0; it < maxIter; it++ {
		dangling := 0.0
		for i, w := range out {
			if w > 0 {
				share[i] = x[i] / w
			} else {
				share[i] = 0
				dangling += x[i]
			}
		}
		base := (1-damp)/float64(n) + damp*dangling/float64(n)
		change := 0.0
		for j := 0; j < n; j++ {
			s := 0.0
			for p := in.start[j]; p < in.start[j+1]; p++ {
				s += in.w[p] * share[in.to[p]]
			}
			v := base + damp*s
			change += math.Abs(v - x[j])
			next[j] = v
		}
		x, next = next, x
		if change < tol {
			break
		}
	}
	return x
}

// rowSums returns the total weight of each row of c.
func rowSums(c *csr) []float64 {
	n := len(c.start) - 1
	s := make([]float64, n)
	for i := 0; i < n; i++ {
		for p := c.start[i]; p < c.start[i+1]; p++ {
			s[i] += c.w[p]
		}
	}
	return s
}
