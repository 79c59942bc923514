package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Filter selects the part of the graph that analytics and exports work on.
// The zero Filter keeps everything.
type Filter struct {
	Relations     []string // relation types to keep; empty for all
	EntityTypes   []string // both ends must have one of these types; empty for all
	Since, Until  string   // keep facts whose dates overlap [Since, Until] (YYYY-MM-DD); undated facts go when either is set
	MinWeight     int      // keep facts supported by at least this many sentences
	MinConfidence float64  // keep facts at least this confident
	Around        int64    // with Hops: keep the entities within Hops of this one
	Hops          int
}

// Apply returns the entities and facts the filter keeps: the facts that
// pass, and the entities they connect (plus, with no fact filter at all,
// entities given that have none).
func (f Filter) Apply(ents []newsgraph.Entity, facts []newsgraph.Fact) ([]newsgraph.Entity, []newsgraph.Fact) {
	var kept []newsgraph.Fact
	for _, x := range facts {
		if f.keeps(x) {
			kept = append(kept, x)
		}
	}
	if f.Around != 0 && f.Hops > 0 {
		g := New(ents, kept)
		e, k, err := g.Ego(f.Around, f.Hops)
		if err != nil {
			return nil, nil
		}
		return e, k
	}
	if f.isZero() {
		return ents, kept
	}
	used := map[int64]bool{}
	for _, x := range kept {
		used[x.SubjectID], used[x.ObjectID] = true, true
	}
	var out []newsgraph.Entity
	for _, e := range ents {
		if used[e.ID] {
			out = append(out, e)
			delete(used, e.ID)
		}
	}
	// Fact ends missing from ents are named after the fact.
	for _, x := range kept {
		for _, e := range []newsgraph.Entity{{ID: x.SubjectID, Name: x.Subject, Type: x.SubjectType}, {ID: x.ObjectID, Name: x.Object, Type: x.ObjectType}} {
			if used[e.ID] {
				out = append(out, e)
				delete(used, e.ID)
			}
		}
	}
	return out, kept
}

func (f Filter) isZero() bool {
	return len(f.Relations) == 0 && len(f.EntityTypes) == 0 && f.Since == "" && f.Until == "" && f.MinWeight == 0 && f.MinConfidence == 0
}

func (f Filter) keeps(x newsgraph.Fact) bool {
	if len(f.Relations) > 0 && !slices.Contains(f.Relations, x.Relation) {
		return false
	}
	if len(f.EntityTypes) > 0 && (!slices.Contains(f.EntityTypes, x.SubjectType) || !slices.Contains(f.EntityTypes, x.ObjectType)) {
		return false
	}
	if x.Weight < f.MinWeight || x.Confidence < f.MinConfidence {
		return false
	}
	if f.Since != "" || f.Until != "" {
		first, last := x.FirstDate, x.LastDate
		if first == "" {
			first, last = x.Date, x.Date
		}
		if first == "" || f.Until != "" && first > f.Until || f.Since != "" && last < f.Since {
			return false
		}
	}
	return true
}

// String describes the filter in words, for the record of an analysis.
func (f Filter) String() string {
	var parts []string
	if len(f.Relations) > 0 {
		parts = append(parts, "relations "+strings.Join(f.Relations, ","))
	}
	if len(f.EntityTypes) > 0 {
		parts = append(parts, "entity types "+strings.Join(f.EntityTypes, ","))
	}
	if f.Since != "" {
		parts = append(parts, "since "+f.Since)
	}
	if f.Until != "" {
		parts = append(parts, "until "+f.Until)
	}
	if f.MinWeight > 0 {
		parts = append(parts, fmt.Sprintf("weight >= %d", f.MinWeight))
	}
	if f.MinConfidence > 0 {
		parts = append(parts, fmt.Sprintf("confidence >= %g", f.MinConfidence))
	}
	if f.Around != 0 && f.Hops > 0 {
		parts = append(parts, fmt.Sprintf("within %d hops of entity %d", f.Hops, f.Around))
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, "; ")
}
