package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Conflict rules: attacked and killed from verbs, active or passive ("X
// attacked Y", "Y was killed by X"), and claimed_attack ("ISIS-K claimed
// responsibility for Friday's attack near Moscow"). verbRelations, which
// walks the verbs, also finds the place and alliance relations verbs and
// fixed phrases state, with the rules in places.go and alliances.go.

var (
	attackVerbs = set("attacked", "struck", "bombed", "shelled", "raided", "targeted") // past tense: "attack", "strikes" are mostly nouns
	killVerbs   = set("killed", "assassinated", "murdered", "executed")
	passiveAux  = set("was", "were", "been", "being", "is", "are")
	bodyTypes   = []string{newsgraph.Org, newsgraph.GPE, newsgraph.NORP, newsgraph.Person}
	targetTypes = []string{newsgraph.GPE, newsgraph.Loc, newsgraph.Org, newsgraph.Person}
	attackNouns = set("attack", "attacks", "bombing", "bombings", "strike", "strikes", "shooting", "assault", "explosion", "blast", "massacre", "ambush", "raid", "killing", "killings")
)

// verbRelations finds the conflict, place and alliance relations that
// verbs and fixed phrases state.
func (x *Extractor) verbRelations(d *doc, st *sent) {
	for v := range st.Tokens {
		t := strings.ToLower(st.tok(v))
		switch {
		case attackVerbs[t] && !(st.tok(v-1) == "-" && st.Tokens[v].Joined):
			x.actionRelation(d, st, v, newsgraph.Attacked, targetTypes, "attack-verb")
		case killVerbs[t]:
			x.actionRelation(d, st, v, newsgraph.Killed, []string{newsgraph.Person}, "kill-verb")
		case t == "based" || t == "headquartered":
			x.basedIn(d, st, v)
		case (t == "lives" || t == "living" || t == "lived") && st.tok(v+1) == "in",
			t == "resident" && st.tok(v+1) == "of":
			s, neg, _ := st.subjectBefore(v, 4, true, newsgraph.Person)
			if o := st.objectAfter(v+1, 3, true, newsgraph.GPE, newsgraph.Loc); s >= 0 && o >= 0 && !neg {
				d.rel(st, st.ments[s], st.ments[o], newsgraph.LivesIn, "lives-in", 0.8)
			}
		case (t == "of" || t == "from") && st.tok(v-1) == "," && st.Tokens[max(0, v-2)].Kind == Number && st.tok(v-3) == ",":
			x.ageOfPlace(d, st, v)
		case t == "borders" || t == "bordering":
			s, neg, _ := st.subjectBefore(v, 3, true, newsgraph.GPE, newsgraph.Loc)
			if o := st.objectAfter(v, 3, true, newsgraph.GPE, newsgraph.Loc); s >= 0 && o >= 0 && !neg {
				d.rel(st, st.ments[s], st.ments[o], newsgraph.Borders, "borders-verb", 0.85)
			}
		case t == "border" && (st.tok(v+1) == "with" || st.tok(v+1) == "between"):
			x.border(d, st, v)
		case (t == "ally" || t == "allies") && st.tok(v+1) == "of":
			x.allyOf(d, st, v)
		case t == "backed" || t == "supported" || t == "armed" || t == "funded":
			x.backedBy(d, st, v)
		case t == "branch" || t == "affiliate" || t == "wing" || t == "offshoot":
			x.branchOf(d, st, v)
		}
	}
}

// actionRelation: "X attacked Y", "Y was attacked by X".
func (x *Extractor) actionRelation(d *doc, st *sent, v int, rel string, objTypes []string, rule string) {
	if passiveAux[strings.ToLower(st.tok(v-1))] || passiveAux[strings.ToLower(st.tok(v-2))] && st.tok(v-1) == "not" {
		if st.tok(v+1) != "by" {
			return
		}
		o, neg, _ := st.subjectBefore(v, 4, false, objTypes...)
		s := st.objectAfter(v+1, 3, true, bodyTypes...)
		if s >= 0 && o >= 0 && !neg && st.ments[s] != st.ments[o] {
			d.rel(st, st.ments[s], st.ments[o], rel, rule+"-passive", 0.8)
		}
		return
	}
	s, neg, _, via := d.subject(st, v, 4, false, bodyTypes...)
	o := st.objectAfter(v, 5, true, objTypes...)
	if s >= 0 && o >= 0 && !neg && s != st.ments[o] {
		d.rel(st, s, st.ments[o], rel, rule+via, anaphorConf(0.8, via))
	}
}

// claimedAttack: "ISIS-K claimed responsibility for Friday's deadly attack
// at a rock concert near Moscow"; "it claimed responsibility for a twin
// suicide bombing in Iran".
func (x *Extractor) claimedAttack(d *doc, st *sent, v int) {
	s, neg, _ := st.subjectBefore(v, 3, true, newsgraph.Org)
	subj, conf, rule := -1, 0.85, "group-claimed-attack"
	if s >= 0 {
		subj = st.ments[s]
	} else if p := strings.ToLower(st.tok(v - 1)); (p == "it" || p == "group") && !neg {
		// The group named last, in this sentence or the one before.
		subj = d.lastOrgBefore(st.Tokens[v].Start)
		conf, rule = 0.6, "pronoun-claimed-attack"
	}
	if subj < 0 || neg {
		return
	}
	for i := v + 2; i < len(st.Tokens) && i <= v+12; i++ {
		if !attackNouns[st.tok(i)] {
			continue
		}
		if o := st.objectAfter(i, 10, false, newsgraph.GPE, newsgraph.Loc); o >= 0 {
			d.rel(st, subj, st.ments[o], newsgraph.ClaimedAttack, rule, conf)
		}
		return
	}
}
