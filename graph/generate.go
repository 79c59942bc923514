package graph

import (
	"fmt"
	"math/rand/v2"

	"github.com/newsgraph/newsgraph"
)

// Generate makes a synthetic knowledge graph of n entities and about
// perNode*n relations with a heavy-tailed degree distribution (preferential
// attachment, Barabasi-Albert): a few entities take part in very many
// relations, as countries and leaders do in news. Types, relation names,
// weights and dates cycle through plausible values. The same arguments give
// the same graph. Benchmarks and demos use it; it reads nothing.
func Generate(n, perNode int, seed uint64) ([]newsgraph.Entity, []newsgraph.Fact) {
	rng := rand.New(rand.NewPCG(seed, 0x9e4))
	types := newsgraph.EntityTypes
	ents := make([]newsgraph.Entity, n)
	for i := range ents {
		ents[i] = newsgraph.Entity{ID: int64(i + 1), Name: fmt.Sprintf("Entity %d", i+1), Type: types[i%len(types)], Mentions: 1 + rng.IntN(50)}
	}
	var rels []string
	for _, r := range newsgraph.Ontology {
		rels = append(rels, r.Name)
	}
	var facts []newsgraph.Fact
	var ends []int // every relation's two ends: picking one is preferential attachment
	seen := map[[3]int]bool{}
	for i := 1; i < n; i++ {
		for k := 0; k < perNode && k < i; k++ {
			j := rng.IntN(i)
			if len(ends) > 0 && rng.IntN(4) != 0 {
				j = ends[rng.IntN(len(ends))]
			}
			r := rng.IntN(len(rels))
			if j == i || seen[[3]int{i, j, r}] {
				continue
			}
			seen[[3]int{i, j, r}] = true
			day := 1 + rng.IntN(28)
			month := 1 + rng.IntN(12)
			facts = append(facts, newsgraph.Fact{
				ID: int64(len(facts) + 1), SubjectID: int64(i + 1), Subject: ents[i].Name, SubjectType: ents[i].Type,
				ObjectID: int64(j + 1), Object: ents[j].Name, ObjectType: ents[j].Type, Relation: rels[r],
				Weight: 1 + rng.IntN(3), Confidence: 0.6 + 0.1*float64(rng.IntN(4)),
				Date: fmt.Sprintf("2024-%02d-%02d", month, day), Evidence: "Generated sentence.",
			})
			ends = append(ends, i, j)
		}
	}
	return ents, facts
}
