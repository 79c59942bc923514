package extract

import (
	"testing"

	"github.com/newsgraph/newsgraph"
)

// TestRefineTypes checks that the tagger's CoNLL types become the
// project's: LOC into GPE or LOC, MISC into NORP, EVENT or MISC, with the
// lexicon as the last word for names it knows for certain.
func TestRefineTypes(t *testing.T) {
	for _, tc := range []struct {
		text, name, want string
	}{
		{"The Panamanian boxer won the fight in Colon.", "Panamanian", newsgraph.NORP},
		{"Brazilian officials said the talks would resume.", "Brazilian", newsgraph.NORP},
		{"Kurdish fighters held the town.", "Kurdish", newsgraph.NORP},
		{"Ships sailed down the Danube River to the coast.", "Danube River", newsgraph.Loc},
		{"Rescuers searched the Hindu Kush Mountains for days.", "Hindu Kush Mountains", newsgraph.Loc},
		{"He scored twice at the World Cup in France.", "World Cup", newsgraph.Event},
		{"He scored twice at the World Cup in France.", "France", newsgraph.GPE},
		{"The mayor of Tulsa spoke to reporters.", "Tulsa", newsgraph.GPE},
		{"Analysts at Goldman Sachs cut their forecast.", "Goldman Sachs", newsgraph.Org},
		{"ISIS claimed the attack on Friday.", "ISIS", newsgraph.Org},
		{"Maria Lopez, a lawyer, filed the appeal.", "Maria Lopez", newsgraph.Person},
		{"The Windows software update failed.", "Windows", newsgraph.Misc},
		// A spaced dash ends a name.
		{"It is a US push to wean Iraq - a rare ally of both Washington and Tehran - off Iranian power and gas.", "Tehran", newsgraph.GPE},
	} {
		ex := New().Extract(newsgraph.Article{Text: tc.text})
		got := ""
		for _, m := range ex.Mentions {
			if m.Text == tc.name {
				got = m.Type
				break
			}
		}
		if got != tc.want {
			var all []string
			for _, m := range ex.Mentions {
				all = append(all, m.Text+"/"+m.Type)
			}
			t.Errorf("%q: %q is %q, want %q (mentions %v)", tc.text, tc.name, got, tc.want, all)
		}
	}
}

func TestGroupWord(t *testing.T) {
	for w, want := range map[string]bool{
		"Panamanian": true, "Congolese": true, "Iraqi": true, "Spaniards": true, "Sunnis": true,
		"Kurds": true, "Windows": false, "NATO": false, "Pan": false, "panamanian": false, "Tom": false,
	} {
		if got := groupWord(w); got != want {
			t.Errorf("groupWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestSeedNamesStayClean guards the examples: titles are roles,
// not names, and a group's acronym is an organisation.
func TestSeedNamesStayClean(t *testing.T) {
	arts := readSeed(t)
	names := map[string]map[string]bool{}
	for _, a := range arts {
		for _, m := range New().Extract(a).Mentions {
			if names[m.Text] == nil {
				names[m.Text] = map[string]bool{}
			}
			names[m.Text][m.Type] = true
		}
	}
	for _, want := range []struct{ text, typ string }{
		{"Alina Romanowski", newsgraph.Person},
		{"Najib Mikati", newsgraph.Person},
		{"ISIS", newsgraph.Org},
		{"ISIS-K", newsgraph.Org},
	} {
		if !names[want.text][want.typ] {
			t.Errorf("%q is not a %s mention (types %v)", want.text, want.typ, names[want.text])
		}
	}
	for _, bad := range []string{"US Ambassador", "Caretaker Prime Minister Najib Mikati", "Prime Minister Najib Mikati", "Ambassador"} {
		if names[bad] != nil {
			t.Errorf("%q came out as a mention (%v)", bad, names[bad])
		}
	}
	if names["ISIS"][newsgraph.Person] {
		t.Error("ISIS came out as a person")
	}
}

func TestCapitalsAsGovernments(t *testing.T) {
	for _, tc := range []struct {
		text, name, want string
	}{
		{"Iraq is a rare ally of both Washington and Tehran.", "Washington", "United States"},
		{"Iraq is a rare ally of both Washington and Tehran.", "Tehran", "Iran"},
		{"He is due to meet US President Joe Biden in Washington on April 15.", "Washington", "Washington"},
		{"Talks between Washington and Baghdad began in January.", "Baghdad", "Iraq"},
		{"The banks came under close scrutiny from Washington.", "Washington", "United States"},
		{"Moscow warned that the deal would fail.", "Moscow", "Russia"},
		{"She flew from Moscow to Paris.", "Moscow", "Moscow"},
		{"Merkel visited Paris last week.", "Paris", "Paris"},
	} {
		ex := New().Extract(newsgraph.Article{Text: tc.text})
		got := ""
		for _, m := range ex.Mentions {
			if m.Text == tc.name && got == "" {
				got = m.Canonical
			}
		}
		if got != tc.want {
			t.Errorf("%q: %q names %q, want %q", tc.text, tc.name, got, tc.want)
		}
	}
}

func TestAbbreviationsInParentheses(t *testing.T) {
	ex := New().Extract(newsgraph.Article{Text: "The Federation of German Industry (BDI) and the World Health Organization (WHO) met in Berlin (Germany)."})
	got := map[string]string{}
	for _, m := range ex.Mentions {
		got[m.Text] = m.Type + "/" + m.Canonical
	}
	for text, want := range map[string]string{
		"BDI": "ORG/Federation of German Industry",
		"WHO": "ORG/World Health Organization",
	} {
		if got[text] != want {
			t.Errorf("%s: %q, want %q (mentions %v)", text, got[text], want, got)
		}
	}
	if got["Germany"] != "GPE/Germany" {
		t.Errorf("a place in parentheses is not an abbreviation: %q", got["Germany"])
	}
	for _, w := range []string{"(SDS)", "Sds", "S", "TOOLONGNAME", "G7", "SDS"} {
		want := w == "G7" || w == "SDS"
		if isAbbreviation(w) != want {
			t.Errorf("isAbbreviation(%q) = %v", w, !want)
		}
	}
}

// TestNameHeadsRetype checks that a name's last word can overrule the
// tagger's type, in the directions the training data supports only.
func TestNameHeadsRetype(t *testing.T) {
	x := New()
	for _, tc := range []struct {
		name, label, want string
	}{
		{"Palm Beach", "PER", newsgraph.Loc},             // heads.tsv: Beach ends places
		{"Dan Sai District", "PER", newsgraph.Loc},       // locWords
		{"Signal Corps", "PER", newsgraph.Org},           // heads.tsv: Corps ends organisations
		{"Aloha Airlines", "LOC", newsgraph.Org},         // a "place" named like an airline
		{"Notts County", "ORG", newsgraph.Org},           // a club stays a club
		{"Soviet Union", "LOC", newsgraph.GPE},           // a state stays a state
		{"National Tennis Centre", "ORG", newsgraph.Org}, // organisations are not retyped as places
		{"Tom Beach", "PER", newsgraph.Person},           // a given name first: a person
	} {
		toks := Sentences(tc.name)[0].Tokens
		if got := x.refineType(toks, span{s: 0, e: len(toks)}, tc.label); got != tc.want {
			t.Errorf("%s tagged %s: %s, want %s", tc.name, tc.label, got, tc.want)
		}
	}
}
