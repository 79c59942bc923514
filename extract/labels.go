package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// This file is the one place where the labels of annotated datasets meet
// the project's entity types and relation types. A tagger trained on a
// dataset emits that dataset's labels; its output becomes the first project
// type listed for the label and is then refined with lexicons and context
// (refine.go). Evaluation maps the project's output back to the dataset's
// labels with the same table.

// EntityLabel is one dataset entity label and the project types it covers.
// Types[0] is what a tagger's span with this label becomes before
// refinement.
type EntityLabel struct {
	Label string
	Types []string
}

// RelationLabel is one dataset relation label and the project relation
// types it covers.
type RelationLabel struct {
	Label     string
	Relations []string
	// TailCountry: only relations to a country carry this label (DWIE
	// splits based_in and in by the level of the place: based_in0 is to a
	// country, based_in2 to a city).
	TailCountry bool
}

// LabelMap is a dataset's labelling scheme.
type LabelMap struct {
	Name      string
	Entities  []EntityLabel
	Relations []RelationLabel
	// PersonTitles are titles the dataset's person spans include where the
	// extractor keeps them apart as the mention's role ("President
	// Lincoln"); scoring widens predicted spans over them.
	PersonTitles []string
	// AdjectiveSuffix marks relations to a country named by its adjective
	// ("German" for Germany): the dataset labels them apart, with this
	// suffix (DWIE's based_in0-x), so a prediction whose tail is a
	// demonym takes the suffixed label.
	AdjectiveSuffix string
	// FinalPeriods: the dataset's spans may end in a sentence's final period
	// ("Ethiopia."); scoring compares spans without a final period.
	FinalPeriods bool
}

// LabelMaps are the schemes of the datasets in ../shared/data and the
// project's own (for gold files written in the extract command's format).
var LabelMaps = []LabelMap{
	{
		Name: "conll2003", // Tjong Kim Sang & De Meulder 2003
		Entities: []EntityLabel{
			{Label: "PER", Types: []string{newsgraph.Person}},
			{Label: "ORG", Types: []string{newsgraph.Org}},
			{Label: "LOC", Types: []string{newsgraph.GPE, newsgraph.Loc}},
			{Label: "MISC", Types: []string{newsgraph.Misc, newsgraph.NORP, newsgraph.Event}},
		},
	},
	{
		Name: "conll04", // Roth & Yih 2004
		Entities: []EntityLabel{
			{Label: "Peop", Types: []string{newsgraph.Person}},
			{Label: "Org", Types: []string{newsgraph.Org}},
			{Label: "Loc", Types: []string{newsgraph.GPE, newsgraph.Loc}},
			{Label: "Other", Types: []string{newsgraph.Misc, newsgraph.NORP, newsgraph.Event}},
		},
		Relations: []RelationLabel{
			{Label: "Work_For", Relations: []string{"works_for", "member_of", "leader_of", "president_of", "prime_minister_of",
				"minister_of", "ambassador_of", "spokesperson_of"}},
			{Label: "Live_In", Relations: []string{"lives_in", "citizen_of"}},
			{Label: "OrgBased_In", Relations: []string{"based_in"}},
			{Label: "Located_In", Relations: []string{"located_in"}},
			{Label: "Kill", Relations: []string{"killed"}},
		},
		// The titles CoNLL04's training set puts inside person spans more
		// often than before them ("President Lincoln" 43 times, "President"
		// outside 17; "Sen." inside 5, outside 9; "Judge" never inside).
		PersonTitles: []string{"President", "Mr.", "Mr", "Mrs.", "Ms.", "Miss", "Dr.", "Rev.", "Gen.", "Prince", "Princess", "King", "Queen", "Pope"},
		FinalPeriods: true,
		// CoNLL04 relations join names: its adjectives ("German") are
		// Other, never a relation's argument. A relation to a country
		// named by its adjective takes a label the scheme lacks, as in DWIE.
		AdjectiveSuffix: "-x",
	},
	{
		Name: "dwie", // Zaporojets et al. 2021; only these three types are scored
		Entities: []EntityLabel{
			{Label: "person", Types: []string{newsgraph.Person}},
			{Label: "organization", Types: []string{newsgraph.Org}},
			{Label: "location", Types: []string{newsgraph.GPE, newsgraph.Loc}},
		},
		Relations: []RelationLabel{
			{Label: "head_of_state", Relations: []string{"president_of"}},
			{Label: "head_of_gov", Relations: []string{"prime_minister_of"}},
			{Label: "minister_of", Relations: []string{"minister_of"}},
			{Label: "member_of", Relations: []string{"member_of"}},
			{Label: "citizen_of", Relations: []string{"citizen_of"}},
			{Label: "based_in0", Relations: []string{"based_in"}, TailCountry: true},
			{Label: "in0", Relations: []string{"located_in"}, TailCountry: true},
			{Label: "is_meeting", Relations: []string{"meets_with"}},
			{Label: "spokesperson_of", Relations: []string{"spokesperson_of"}},
		},
		AdjectiveSuffix: "-x",
	},
	projectLabels(),
}

// projectLabels maps every project type and relation to itself.
func projectLabels() LabelMap {
	m := LabelMap{Name: "newsgraph"}
	for _, t := range newsgraph.EntityTypes {
		m.Entities = append(m.Entities, EntityLabel{t, []string{t}})
	}
	for _, r := range newsgraph.Ontology {
		m.Relations = append(m.Relations, RelationLabel{Label: r.Name, Relations: []string{r.Name}})
	}
	return m
}

// LabelMapNamed returns a built-in scheme by name.
func LabelMapNamed(name string) (LabelMap, bool) {
	for _, m := range LabelMaps {
		if m.Name == name {
			return m, true
		}
	}
	return LabelMap{}, false
}

// DetectLabelMap picks the built-in scheme whose entity labels cover most
// of the records' entity labels.
func DetectLabelMap(recs []AnnotatedRecord) LabelMap {
	counts := map[string]int{}
	for _, r := range recs {
		for _, e := range r.Entities {
			counts[e.Type]++
		}
	}
	best, bestN := LabelMaps[len(LabelMaps)-1], 0
	for _, m := range LabelMaps {
		n := 0
		for _, l := range m.Entities {
			n += counts[l.Label]
		}
		if n > bestN {
			best, bestN = m, n
		}
	}
	return best
}

// ParseLabelMap reads a scheme name, or pairs "LABEL=TYPE|TYPE,..." giving
// for each gold label the project types (entity or relation) it covers:
// "Peop=PERSON,Loc=GPE|LOC,Work_For=works_for|member_of".
func ParseLabelMap(s string) (LabelMap, error) {
	if m, ok := LabelMapNamed(s); ok {
		return m, nil
	}
	if !strings.Contains(s, "=") {
		var names []string
		for _, m := range LabelMaps {
			names = append(names, m.Name)
		}
		return LabelMap{}, fmt.Errorf("unknown label map %q: give one of %s, or pairs such as LABEL=TYPE|TYPE", s, strings.Join(names, ", "))
	}
	m := LabelMap{Name: "custom"}
	types := map[string]bool{}
	for _, t := range newsgraph.EntityTypes {
		types[t] = true
	}
	for _, pair := range strings.Split(s, ",") {
		label, rhs, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || label == "" || rhs == "" {
			return LabelMap{}, fmt.Errorf("label map: %q is not LABEL=TYPE|TYPE", pair)
		}
		var ents, rels []string
		for _, t := range strings.Split(rhs, "|") {
			switch {
			case types[t]:
				ents = append(ents, t)
			case relationName(t):
				rels = append(rels, t)
			default:
				return LabelMap{}, fmt.Errorf("label map: %q is neither an entity type (%s) nor a relation type", t, strings.Join(newsgraph.EntityTypes, ", "))
			}
		}
		if len(ents) > 0 && len(rels) > 0 {
			return LabelMap{}, fmt.Errorf("label map: %q mixes entity and relation types", pair)
		}
		if len(ents) > 0 {
			m.Entities = append(m.Entities, EntityLabel{label, ents})
		} else {
			m.Relations = append(m.Relations, RelationLabel{Label: label, Relations: rels})
		}
	}
	return m, nil
}

// relationName reports a name written like a relation type: lower-case
// words joined by underscores ("works_for").
func relationName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return s != ""
}

// symmetricRelation reports a relation type the ontology marks symmetric.
func symmetricRelation(name string) bool {
	for _, r := range newsgraph.Ontology {
		if r.Name == name {
			return r.Symmetric
		}
	}
	return false
}

// entityLabelOf maps each project type to this scheme's label.
func (m LabelMap) entityLabelOf() map[string]string {
	out := map[string]string{}
	for _, l := range m.Entities {
		for _, t := range l.Types {
			out[t] = l.Label
		}
	}
	return out
}

// relationLabel returns the scheme's label for a predicted relation to
// tail, "" when it has none.
func (m LabelMap) relationLabel(typ string, tail AnnotatedEntity) string {
	for _, l := range m.Relations {
		if !slices.Contains(l.Relations, typ) {
			continue
		}
		if l.TailCountry {
			name := tail.Canonical
			if name == "" {
				name = tail.Text
			}
			if p, ok := embeddedLexicon().place(name); !ok || p.kind != placeCountry {
				return ""
			}
		}
		if e, ok := embeddedLexicon().names[tail.Text]; ok && m.AdjectiveSuffix != "" && e.Type == newsgraph.NORP {
			return l.Label + m.AdjectiveSuffix
		}
		return l.Label
	}
	return ""
}

// taggerType is the project type a tagger label becomes before refinement:
// the first type of that label in the first scheme that has it.
func taggerType(label string) string {
	for _, m := range LabelMaps {
		for _, l := range m.Entities {
			if l.Label == label {
				return l.Types[0]
			}
		}
	}
	return newsgraph.Misc
}

// String describes the scheme: "PER=PERSON, LOC=GPE|LOC, ...".
func (m LabelMap) String() string {
	var parts []string
	for _, l := range m.Entities {
		parts = append(parts, l.Label+"="+strings.Join(l.Types, "|"))
	}
	for _, l := range m.Relations {
		parts = append(parts, l.Label+"="+strings.Join(l.Relations, "|"))
	}
	sort.Strings(parts)
	return m.Name + " (" + strings.Join(parts, ", ") + ")"
}
