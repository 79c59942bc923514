package graph

import (
	"fmt"
	"slices"

	"github.com/newsgraph/newsgraph"
)

// Adjacency gives the neighbours of each of ids, either direction: how a
// search reads a graph it does not hold, such as the database's.
type Adjacency func(ids []int64) (map[int64][]int64, error)

// Search finds connections in a graph it reads through an Adjacency, one
// frontier at a time, so that its cost follows the neighbourhoods it
// visits and not the size of the graph: a path query on an archive of
// 500,000 relations reads a few thousand of them.
type Search struct {
	adj  Adjacency
	seen map[int64][]int64 // adjacency read so far
}

// NewSearch returns a search over adj.
func NewSearch(adj Adjacency) *Search { return &Search{adj: adj, seen: map[int64][]int64{}} }

// neighbours reads the adjacency of the ids not read yet, in sorted order
// so that equal-length paths are chosen the same way every run.
func (s *Search) neighbours(ids []int64) error {
	var want []int64
	for _, id := range ids {
		if _, ok := s.seen[id]; !ok {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return nil
	}
	got, err := s.adj(want)
	if err != nil {
		return err
	}
	for _, id := range want {
		ns := got[id]
		slices.Sort(ns)
		s.seen[id] = slices.Compact(ns)
	}
	return nil
}

// Path returns the entity ids of a shortest connection from one entity to
// another (relations taken either way), by breadth-first search from both
// ends, expanding the smaller frontier each time; ErrNoPath when there is
// none within maxHops (0: no limit).
func (s *Search) Path(from, to int64, maxHops int) ([]int64, error) {
	if from == to {
		return []int64{from}, nil
	}
	parent := map[int64]int64{from: 0, to: 0}
	side := map[int64]uint8{from: 1, to: 2}
	fa, fb := []int64{from}, []int64{to}
	ra, rb := 0, 0
	for len(fa) > 0 && len(fb) > 0 {
		if maxHops > 0 && ra+rb >= maxHops {
			return nil, fmt.Errorf("they are more than %d hops apart: %w", maxHops, ErrNoPath)
		}
		expand, r, sd := &fa, &ra, uint8(1)
		if len(fb) < len(fa) {
			expand, r, sd = &fb, &rb, 2
		}
		if err := s.neighbours(*expand); err != nil {
			return nil, err
		}
		*r++
		var next []int64
		for _, x := range *expand {
			for _, y := range s.seen[x] {
				switch side[y] {
				case 0:
					side[y], parent[y] = sd, x
					next = append(next, y)
				case sd:
				default:
					left, right := x, y
					if sd == 2 {
						left, right = y, x
					}
					return joinIDs(parent, left, right), nil
				}
			}
		}
		*expand = next
	}
	return nil, ErrNoPath
}

// joinIDs builds from-...-left-right-...-to from both searches' parents
// (0 marks an end).
func joinIDs(parent map[int64]int64, left, right int64) []int64 {
	var head []int64
	for x := left; x != 0; x = parent[x] {
		head = append(head, x)
	}
	slices.Reverse(head)
	for x := right; x != 0; x = parent[x] {
		head = append(head, x)
	}
	return head
}

// Ball returns the entities within radius hops of center, reading their
// adjacency.
func (s *Search) Ball(center int64, radius int) (map[int64]int, error) {
	dist := map[int64]int{center: 0}
	frontier := []int64{center}
	for d := 1; d <= radius && len(frontier) > 0; d++ {
		if err := s.neighbours(frontier); err != nil {
			return nil, err
		}
		var next []int64
		for _, x := range frontier {
			for _, y := range s.seen[x] {
				if _, ok := dist[y]; !ok {
					dist[y] = d
					next = append(next, y)
				}
			}
		}
		frontier = next
	}
	return dist, nil
}

// Subgraph returns the links among the given entities, as an in-memory
// Graph's facts (one per linked pair): where KPaths looks for
// alternatives.
func (s *Search) Subgraph(ids map[int64]bool) ([]newsgraph.Fact, error) {
	all := make([]int64, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	slices.Sort(all)
	if err := s.neighbours(all); err != nil {
		return nil, err
	}
	var out []newsgraph.Fact
	for _, a := range all {
		for _, b := range s.seen[a] {
			if a < b && ids[b] {
				out = append(out, newsgraph.Fact{ID: int64(len(out) + 1), SubjectID: a, ObjectID: b, Weight: 1})
			}
		}
	}
	return out, nil
}

// KPaths returns up to k shortest loopless connections from one entity to
// another, shortest first, as entity ids: Yen's algorithm over the
// subgraph of entities within ceil((L+e)/2) hops of either end, L the
// shortest connection's length, which holds every connection of up to
// L+e hops; e grows from 1 to 3 until k are found. Longer alternatives
// are not looked for.
func (s *Search) KPaths(from, to int64, k, maxHops int) ([][]int64, error) {
	p, err := s.Path(from, to, maxHops)
	if err != nil {
		return nil, err
	}
	var out [][]int64
	for extra := 1; extra <= 3; extra++ {
		radius := (len(p) - 1 + extra + 1) / 2 // ceil((L+extra)/2)
		in := map[int64]bool{}
		for _, c := range []int64{from, to} {
			ball, err := s.Ball(c, radius)
			if err != nil {
				return nil, err
			}
			for id := range ball {
				in[id] = true
			}
		}
		links, err := s.Subgraph(in)
		if err != nil {
			return nil, err
		}
		paths, err := New(nil, links).KPaths(from, to, k, maxHops)
		if err != nil {
			return nil, err
		}
		out = out[:0]
		for _, hops := range paths {
			if len(hops)-(len(p)-1) > extra {
				continue // may leave the subgraph in the whole graph
			}
			ids := []int64{from}
			for _, h := range hops {
				ids = append(ids, h.To.ID)
			}
			out = append(out, ids)
		}
		if len(out) >= k {
			break
		}
	}
	return out, nil
}
