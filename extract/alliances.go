package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Alliance rules, from fixed phrases: allied_with ("Qatar, a close ally of
// the United States"), backed_by ("Iran-backed Hezbollah") and branch_of
// ("ISIS-K, the Afghan branch of Islamic State").

// allyOf: "Iraq - a rare ally of both Washington and Tehran", "Qatar, a
// close ally of the United States".
func (x *Extractor) allyOf(d *doc, st *sent, v int) {
	types := []string{newsgraph.GPE, newsgraph.Org}
	s := -1
	for i := v - 1; i >= 0 && i >= v-5; i-- {
		if k := st.spanAt(i); k >= 0 {
			if t := st.spans[k].typ; t == newsgraph.GPE || t == newsgraph.Org {
				s = k
			}
			break
		}
		if w := strings.ToLower(st.tok(i)); negations[w] {
			return
		}
	}
	if s < 0 {
		return
	}
	i := v + 1
	for i < len(st.Tokens) && i <= v+8 {
		o := st.objectAfter(i, 3, false, types...)
		if o < 0 {
			return
		}
		if st.ments[o] != st.ments[s] {
			d.rel(st, st.ments[s], st.ments[o], newsgraph.AlliedWith, "ally-of", 0.8)
		}
		i = st.spans[o].e
		if st.tok(i) != "and" && st.tok(i) != "," {
			return
		}
	}
}

// backedBy: "Iran-backed Hezbollah", "Hezbollah, backed by Iran"; "Iran-
// backed armed groups" names no group and gives nothing.
func (x *Extractor) backedBy(d *doc, st *sent, v int) {
	x.participle(d, st, v, participleRule{rel: newsgraph.BackedBy, prep: "by", heads: []string{newsgraph.GPE, newsgraph.Org},
		compound: "backer-backed-group", phrase: "group-backed-by"})
}

// branchOf: "ISIS's Afghan branch, ISIS-K", "ISIS-K, the Afghan branch of
// Islamic State", "al-Shabaab, an al-Qaeda affiliate".
func (x *Extractor) branchOf(d *doc, st *sent, v int) {
	org := []string{newsgraph.Org}
	// PARENT's [adj] branch, CHILD
	for i := v - 1; i >= 0 && i >= v-3; i-- {
		if isPossessiveTok(st, i) {
			parent := st.spanEndingAt(i)
			if st.tok(v+1) == "," && parent >= 0 && st.spans[parent].typ == newsgraph.Org {
				if child := st.objectAfter(v+1, 2, false, org...); child >= 0 {
					d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "parent-branch-child", 0.85)
				}
			}
			return
		}
	}
	// CHILD, the [adj] branch of PARENT; CHILD, a PARENT affiliate
	child, _, _ := st.subjectBefore(v, 5, true, org...)
	if child < 0 {
		return
	}
	if st.tok(v+1) == "of" {
		if parent := st.objectAfter(v+1, 2, true, org...); parent >= 0 && st.ments[parent] != st.ments[child] {
			d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "child-branch-of", 0.85)
		}
		return
	}
	if parent := st.spanEndingAt(v); parent >= 0 && parent != child && st.spans[parent].typ == newsgraph.Org && st.ments[parent] != st.ments[child] {
		d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "child-parent-affiliate", 0.8)
	}
}
