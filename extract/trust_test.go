package extract

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// allFacts extracts text with every fact the rules find, before the
// precision bar, as "subject relation object" lines.
func allFacts(text, date string) map[string]newsgraph.Relation {
	ex := New().WithMinConfidence(0).Extract(newsgraph.Article{Text: text, Date: date})
	out := map[string]newsgraph.Relation{}
	for _, r := range ex.Relations {
		out[ex.Mentions[r.Subject].Canonical+" "+r.Type+" "+ex.Mentions[r.Object].Canonical] = r
	}
	return out
}

func TestCreditSpans(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // the substrings found as credits
	}{
		{"Fighting went on in Aleppo (AFP).", []string{"(AFP)"}},
		{"BEIRUT (Reuters) - Fighting went on.", []string{"(Reuters)"}},
		{"Fighting went on (dpa/AFP, Reuters).", []string{"(dpa/AFP, Reuters)"}},
		{"Fighting went on.\njar/msh (AP, Reuters)", []string{"\njar/msh (AP, Reuters)", "jar/msh (AP, Reuters)"}},
		{"Fighting went on.\ndpa, Reuters", []string{"dpa, Reuters"}},
		{"Fighting went on the next day. jar/msh", []string{" jar/msh"}},
		{"DW's Jane Doe reported from Kabul.", []string{"DW's"}},
		{"Who is he? Broadcasting Hours: DW (English) SUN 25.06.2017 – 01:15 UTC Hong Kong UTC +8", []string{"Broadcasting Hours: DW (English) SUN 25.06.2017 – 01:15 UTC Hong Kong UTC +8"}},
		{"The AP style guide and the ban of Reuters staff are news.", nil},
	} {
		var got []string
		rs := []rune(tc.text)
		for _, c := range creditSpans(tc.text) {
			got = append(got, string(rs[c[0]:c[1]]))
		}
		for _, w := range tc.want {
			found := false
			for _, g := range got {
				found = found || g == w || strings.TrimSpace(g) == strings.TrimSpace(w)
			}
			if !found {
				t.Errorf("%q: credits %q, want %q among them", tc.text, got, w)
			}
		}
		if tc.want == nil && len(got) > 0 {
			t.Errorf("%q: credits %q, want none", tc.text, got)
		}
	}
}

// Agency tags and bylines give no facts, even before the precision bar.
func TestNoFactsFromCredits(t *testing.T) {
	for _, text := range []string{
		"German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday. (AFP, dpa)",
		"German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.\nss/kms (AFP, Reuters)",
		"DW's Jane Doe reported that Angela Merkel met Emmanuel Macron.",
	} {
		for k := range allFacts(text, "") {
			for _, agency := range []string{"AFP", "Agence France-Presse", "dpa", "Reuters", "DW", "Deutsche Welle"} {
				if strings.HasSuffix(k, " "+agency) || strings.HasPrefix(k, agency+" ") {
					t.Errorf("%q: a fact from a credit: %s", text, k)
				}
			}
		}
	}
}

// A bare title takes its country from its own sentence or an earlier
// mention of the same person, never from the country the article is
// mostly about.
func TestBareTitleCountry(t *testing.T) {
	const spain = "Spain's economy grew. Spanish officials in Madrid said Spanish exports rose. " +
		"The Spanish government welcomed the figures. President George W. Bush praised them."
	for k := range allFacts(spain, "") {
		if strings.Contains(k, "president_of") {
			t.Errorf("a bare title took the article's country: %s", k)
		}
	}
	const earlier = "Lebanese Prime Minister Najib Mikati arrived in Paris. " +
		"Later, Prime Minister Mikati said the talks went well."
	facts := allFacts(earlier, "")
	if _, ok := facts["Najib Mikati prime_minister_of Lebanon"]; !ok {
		t.Errorf("the full mention's country is lost: %v", facts)
	}
	const sameSentence = "Senior Iraqi politicians, including Prime Minister Mohammed Shia al-Sudani, spoke."
	if _, ok := allFacts(sameSentence, "")["Mohammed Shia al-Sudani prime_minister_of Iraq"]; !ok {
		t.Errorf("the country in the title's own sentence is lost")
	}
}

// "He" never stands for a name inside a quotation.
func TestPronounNotInQuotation(t *testing.T) {
	const text = `Francois Hollande said: "We will not talk to Bashar al-Assad." He told Le Monde the war must end.`
	facts := allFacts(text, "")
	if _, ok := facts["Bashar al-Assad told Le Monde"]; ok {
		t.Errorf("he was taken for a name in a quotation: %v", facts)
	}
	if _, ok := facts["Francois Hollande told Le Monde"]; !ok {
		t.Errorf("he is not the speaker: %v", facts)
	}
}

// A fact takes a date only from its own clause; roles and states take none.
func TestFactDates(t *testing.T) {
	const ref = "2024-03-23" // a Saturday
	for _, tc := range []struct{ text, fact, date string }{
		{"Olaf Scholz met Emmanuel Macron on Friday.", "Olaf Scholz meets_with Emmanuel Macron", "2024-03-22"},
		{"Olaf Scholz met Emmanuel Macron in Berlin, while in 2019 the two had clashed.", "Olaf Scholz meets_with Emmanuel Macron", ""},
		{"In 2019 prices fell; Olaf Scholz visited Kyiv.", "Olaf Scholz visited Kyiv", ""},
		{"German Chancellor Olaf Scholz said on Friday that talks went well.", "Olaf Scholz prime_minister_of Germany", ""},
		{"Iraqi journalist Ali Hassan was detained on Friday.", "Ali Hassan citizen_of Iraq", ""},
	} {
		facts := allFacts(tc.text, ref)
		r, ok := facts[tc.fact]
		if !ok {
			t.Errorf("%q: no %s in %v", tc.text, tc.fact, facts)
			continue
		}
		if r.Date != tc.date {
			t.Errorf("%q: %s dated %q, want %q", tc.text, tc.fact, r.Date, tc.date)
		}
	}
}

// The precision bar: with the embedded table, a fact is given only when its
// source was right at least DefaultMinConfidence of the time on held-out
// news; with the bar at 0 every fact comes, each with its confidence.
func TestPrecisionBar(t *testing.T) {
	const text = "US Ambassador to Iraq Alina Romanowski spoke in Baghdad. Hezbollah is based in Lebanon. " +
		"Olaf Scholz, a Social Democrat, worked for Siemens in Munich."
	key := func(ex newsgraph.Extraction, r newsgraph.Relation) string {
		return ex.Mentions[r.Subject].Canonical + " " + r.Type + " " + ex.Mentions[r.Object].Canonical + " " + r.Rule
	}
	// A fact is given when its source's measured precision and its own
	// calibrated confidence both reach the bar.
	all := New().WithMinConfidence(0).Extract(newsgraph.Article{Text: text})
	sources := New().WithCalibration(nil).WithMinConfidence(0).Extract(newsgraph.Article{Text: text})
	source := map[string]float64{}
	for _, r := range sources.Relations {
		source[key(sources, r)] = r.Confidence
	}
	want := map[string]bool{}
	low := 0
	for _, r := range all.Relations {
		k := key(all, r)
		if _, ok := source[k]; !ok {
			t.Fatalf("%s: no source confidence", k)
		}
		if r.Confidence >= DefaultMinConfidence && source[k] >= DefaultMinConfidence {
			want[k] = true
		} else {
			low++
		}
	}
	if low == 0 || len(want) == 0 {
		t.Fatalf("want facts both sides of the bar: %d above, %d below", len(want), low)
	}
	kept := New().Extract(newsgraph.Article{Text: text})
	if len(kept.Relations) != len(want) {
		t.Errorf("kept %d facts, want %d", len(kept.Relations), len(want))
	}
	for _, r := range kept.Relations {
		if !want[key(kept, r)] {
			t.Errorf("a fact below the bar was kept: %s %.2f", key(kept, r), r.Confidence)
		}
	}
}

// Calibration fits a rising map on held-out facts: pooled where a higher
// confidence was right less often, groups of calibrationGroup facts at
// least, read between knots by straight lines.
func TestFitCalibration(t *testing.T) {
	var stated []float64
	var right []bool
	add := func(p float64, n, r int) {
		for i := 0; i < n; i++ {
			stated, right = append(stated, p), append(right, i < r)
		}
	}
	add(0.2, 100, 20) // right 0.2
	add(0.6, 50, 40)  // 0.8
	add(0.7, 50, 35)  // 0.7: below the group before, so pooled with it: 0.75
	add(0.9, 100, 95) // 0.95
	add(0.95, 3, 0)   // too few for a group of their own: the last group takes them
	c := FitCalibration(stated, right)
	if len(c.Stated) != 3 {
		t.Fatalf("knots %v -> %v, want 3", c.Stated, c.Right)
	}
	for i, w := range []float64{0.2, 0.75, 95.0 / 103} {
		if math.Abs(c.Right[i]-w) > 1e-9 {
			t.Errorf("knot %d: %.4f right, want %.4f", i, c.Right[i], w)
		}
	}
	for i := 1; i < len(c.Stated); i++ {
		if c.Stated[i] <= c.Stated[i-1] || c.Right[i] < c.Right[i-1] {
			t.Errorf("the map does not rise at knot %d: %v -> %v", i, c.Stated, c.Right)
		}
	}
	for _, tc := range []struct{ p, want float64 }{
		{0, 0.2}, {0.2, 0.2}, {0.4, 0.2 + (0.4-0.2)/(0.65-0.2)*0.55}, {0.65, 0.75}, {1, 0.92},
	} {
		if got := c.Apply(tc.p); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("Apply(%.2f) = %.2f, want %.2f", tc.p, got, tc.want)
		}
	}
	var buf bytes.Buffer
	if err := WriteCalibration(&buf, c); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCalibration(&buf)
	if err != nil || len(back.Stated) != len(c.Stated) || math.Abs(back.Apply(0.4)-c.Apply(0.4)) > 0.01 {
		t.Errorf("read back %v, %v", back, err)
	}
	for _, bad := range []string{"0.5\n", "0.5\t2\n", "0.5\t0.5\n0.4\t0.6\n", "0.5\t0.5\n0.6\t0.4\n"} {
		if _, err := ReadCalibration(strings.NewReader(bad)); err == nil {
			t.Errorf("%q read without error", bad)
		}
	}
}

// The president or CEO of an organisation leads it; a country's president
// stays a title rule's.
func TestOrgLeaders(t *testing.T) {
	for _, tc := range []struct{ text, want, not string }{
		{"World Bank President Jim Yong Kim spoke in Washington.", "Jim Yong Kim leader_of World Bank", "Jim Yong Kim president_of World Bank"},
		{"Gazprom CEO Alexei Miller told the media in Tokyo about the pipeline.", "Alexei Miller leader_of Gazprom", ""},
		{"Ludwig Braun, the president of the German Chamber of Industry and Commerce, argued otherwise.", "Ludwig Braun leader_of German Chamber of Industry and Commerce", ""},
		{"Frank Habineza, president of Rwanda's Green Party, spoke.", "Frank Habineza leader_of Green Party", "Frank Habineza president_of Rwanda"},
		{"Xiao Qiang, executive director of the New York-based group Amnesty International, spoke.", "Xiao Qiang leader_of Amnesty International", ""},
		{"Edward Smith, director of American Studies at American University, spoke.", "", "Edward Smith leader_of American Studies"},
		{"Joe Biden, the president of the United States, spoke.", "", "Joe Biden leader_of United States"},
	} {
		facts := allFacts(tc.text, "")
		if _, ok := facts[tc.want]; tc.want != "" && !ok {
			t.Errorf("%q: no %s in %v", tc.text, tc.want, facts)
		}
		if _, ok := facts[tc.not]; tc.not != "" && ok {
			t.Errorf("%q: %s", tc.text, tc.not)
		}
	}
}

// One organisation is one entity (acronyms), and generic names of
// different countries or years are never one.
func TestOrgNames(t *testing.T) {
	const text = "The European Bank for Reconstruction and Development approved the loan. The EBRD said it would help. " +
		"Germany's Interior Ministry said police were ready. The Interior Ministry added that the German Football " +
		"Association (DFB) agreed. The DFB said so. Iraq's Interior Ministry disagreed. Spain won the 2010 World Cup. " +
		"The UN and the UNHCR spoke."
	ex := New().WithMinConfidence(0).Extract(newsgraph.Article{Text: text})
	names := map[string][]string{} // mention text -> canonical names, in order
	for _, m := range ex.Mentions {
		names[m.Text] = append(names[m.Text], m.Canonical)
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"EBRD", []string{"European Bank for Reconstruction and Development"}},
		{"DFB", []string{"German Football Association", "German Football Association"}},
		{"Interior Ministry", []string{"Interior Ministry (Germany)", "Interior Ministry (Germany)", "Interior Ministry (Iraq)"}},
		{"World Cup", []string{"2010 World Cup"}},
		{"UNHCR", []string{"UNHCR"}}, // no full name given: left as it is
	} {
		if got := names[tc.text]; strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s named %q, want %q", tc.text, got, tc.want)
		}
	}
	un := acronyms{}
	un.add("United Nations")
	un.add("Union Nationale")
	if un.of("UN") != "" {
		t.Error("an acronym two names fit was given one of them")
	}
}

func TestNoCutNames(t *testing.T) {
	for _, text := range []string{
		"Judges of the Federal Court of Australia ruled on Monday.",
		"A report by the Institute for International and Security Affairs was published.",
		"He spoke to the Federal Court of",
	} {
		for _, m := range New().Extract(newsgraph.Article{Text: text}).Mentions {
			last := strings.Fields(m.Text)
			if w := strings.ToLower(last[len(last)-1]); danglingWords[w] {
				t.Errorf("%q: a name ends in %q: %q", text, w, m.Text)
			}
		}
	}
}

func TestTravelIsVisit(t *testing.T) {
	for _, tc := range []struct{ text, want, modality string }{
		{"Pope Francis arrived in Nairobi on Wednesday.", "Francis visited Nairobi", ""},
		{"Angela Merkel flew to Kyiv for talks.", "Angela Merkel visited Kyiv", ""},
		{"Xi Jinping will travel to Brazil next week.", "Xi Jinping visited Brazil", "planned"},
	} {
		facts := allFacts(tc.text, "")
		r, ok := facts[tc.want]
		if !ok {
			t.Errorf("%q: no %s in %v", tc.text, tc.want, facts)
			continue
		}
		if r.Modality != tc.modality {
			t.Errorf("%q: modality %q, want %q", tc.text, r.Modality, tc.modality)
		}
	}
}

// A nationality before an occupation says who someone is, not whom they
// work for, whatever modifies the occupation.
func TestNationalityIsNoEmployer(t *testing.T) {
	for _, tc := range []struct{ text, not, want string }{
		{"Israeli political scientist Yithak Reiter agrees.", "Yithak Reiter works_for Israel", ""},
		{"It was the work of British director David Lean.", "David Lean works_for United Kingdom", ""},
		{"Azerbaijani presidential adviser Vafa Gulizade spoke.", "", "Vafa Gulizade works_for Azerbaijan"},
	} {
		facts := allFacts(tc.text, "")
		if _, ok := facts[tc.not]; tc.not != "" && ok {
			t.Errorf("%q: %s", tc.text, tc.not)
		}
		if _, ok := facts[tc.want]; tc.want != "" && !ok {
			t.Errorf("%q: no %s in %v", tc.text, tc.want, facts)
		}
	}
}

// The affiliation and place rules, each on sentences written for it (not
// taken from any evaluation set): what each must find, and what it must
// not.
func TestAffiliationRules(t *testing.T) {
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		// Heads of companies and institutions work for them; party leaders
		// are members.
		{"Siemens CEO Roland Busch spoke in Munich.", []string{"Roland Busch leader_of Siemens", "Roland Busch works_for Siemens"}, []string{"Roland Busch member_of Siemens"}},
		{"SPD leader Lars Klingbeil spoke in Berlin.", []string{"Lars Klingbeil member_of SPD"}, []string{"Lars Klingbeil works_for SPD"}},
		{"Labour Party leader Tony Blair won a narrow victory.", []string{"Tony Blair leader_of Labour Party", "Tony Blair member_of Labour Party"}, nil}, // "Party" ends a name, not a modifier
		// A spokesman is on the staff of the body he speaks for.
		{"Pentagon spokesman John Kirby said the drills would go on.", []string{"John Kirby spokesperson_of Pentagon", "John Kirby works_for Pentagon"}, nil},
		{"Siemens board member Judith Wiese resigned.", []string{"Judith Wiese works_for Siemens"}, []string{"Judith Wiese member_of Siemens"}},
		// A country's expert studies it.
		{"Syria expert Jane Roe said the war would go on.", nil, []string{"Jane Roe works_for Syria"}},
		// X of / from the body; (PARTY).
		{"Anna Berg of the Institute for Security Studies said so.", []string{"Anna Berg works_for Institute for Security Studies"}, nil},
		{"Anna Berg from the Swedish Institute of International Affairs said so.", []string{"Anna Berg works_for Swedish Institute of International Affairs"}, nil},
		{"Jörg Lackenbauer, an economist at the Center for European Policy in Freiburg, agreed.", []string{"Jörg Lackenbauer works_for Center for European Policy"}, nil},
		{"Julius Nyerere, the international negotiator for Burundi, spoke.", nil, []string{"Julius Nyerere works_for Burundi"}},
		{"Tim Guldimann, the Swiss diplomat who heads the mission, spoke.", []string{"Tim Guldimann citizen_of Switzerland"}, nil},
		{"Olaf Scholz (SPD) and Friedrich Merz (CDU) met on Monday.", []string{"Olaf Scholz member_of SPD", "Friedrich Merz member_of CDU"}, nil},
		{"Tom Smith of Manchester United scored twice.", nil, []string{"Tom Smith works_for Manchester United@person-of-org"}},
		// Trade nouns and appositions place companies.
		{"German carmakers Volkswagen, Daimler and BMW cut jobs.", []string{"Volkswagen based_in Germany", "Daimler based_in Germany", "BMW based_in Germany"}, nil},
		{"Shares of Lufthansa, Germany's largest airline, fell.", []string{"Lufthansa based_in Germany"}, nil},
		{"The Supreme Court in Karlsruhe ruled on Tuesday.", nil, nil},
		{"She visited the Pergamon Museum in Berlin.", []string{"Pergamon Museum based_in Berlin"}, nil},
		{"The Red Cross in Syria asked for help.", nil, []string{"Red Cross based_in Syria"}},
		// Nationality in an apposition, either side of the name.
		{"Jane Roe, the American novelist, spoke.", []string{"Jane Roe citizen_of United States"}, nil},
		{"Her French tutor, Jean Dupont, spoke.", []string{"Jean Dupont citizen_of France"}, nil},
		{"The German air force under Hermann Goering attacked.", nil, []string{"Hermann Goering citizen_of Germany"}},
		{"Austrian counterpart Karl Nehammer agreed.", []string{"Karl Nehammer citizen_of Austria"}, nil},
		// Roles stated with "of".
		{"Jane Roe had been chairman of the Deutsche Bank until May.", []string{"Jane Roe leader_of Deutsche Bank"}, nil},
		{"They met the mayor of Paris, Anne Hidalgo, on Monday.", []string{"Anne Hidalgo leader_of Paris"}, nil},
		{"They met the director of Moscow's Pushkin Museum, Ivan Petrov.", []string{"Ivan Petrov leader_of Pushkin Museum"}, nil},
		// Directors lead; monarchs head their countries; a commander in
		// a town serves there.
		{"Airport Authority Director Jane Roe said flights would resume.", []string{"Jane Roe leader_of Airport Authority", "Jane Roe works_for Airport Authority"}, nil},
		{"UN Secretary General Antonio Guterres traveled to Cairo.", []string{"Antonio Guterres leader_of United Nations"}, nil},
		{"Cambodia's King Norodom Sihanouk pardoned the editor.", []string{"Norodom Sihanouk leader_of Cambodia"}, nil},
		{"Gonzalo Montoya, a police commander in Tacambaro, told reporters so.", nil, []string{"Gonzalo Montoya leader_of Tacambaro"}},
		{"Greek cartoonists sketch German chancellor Angela Merkel with a moustache.", []string{"Angela Merkel prime_minister_of Germany", "Angela Merkel citizen_of Germany"}, nil},
		// Countries in bodies.
		{"EU member states such as Poland and Hungary objected.", []string{"Poland member_of European Union", "Hungary member_of European Union"}, nil},
		{"NATO member Turkey objected.", []string{"Turkey member_of NATO"}, nil},
		// Places placed by the words around them.
		{"Floods hit Dresden in eastern Germany.", []string{"Dresden located_in Germany"}, nil},
		{"The French capital Paris was quiet.", []string{"Paris located_in France"}, nil},
		{"Angela Merkel was in Berlin when Germany won.", nil, []string{"Berlin located_in Germany@place-in-country"}},
		// Homes and visits.
		{"London-based political analyst, John Smith, disagreed.", []string{"John Smith lives_in London"}, nil},
		{"Ai Weiwei moved to Berlin in 2015.", []string{"Ai Weiwei lives_in Berlin"}, nil},
		{"Jane Roe traveled to Vienna and Prague, London and Oslo.", []string{"Jane Roe visited Vienna", "Jane Roe visited Prague", "Jane Roe visited London", "Jane Roe visited Oslo"}, nil},
		{"Putin told visiting Austrian chancellor Karl Nehammer in Moscow that talks were over.", nil, []string{"Vladimir Putin visited Moscow", "Putin visited Moscow"}},
		// Told, with the object's adjectives and country.
		{"Jane Roe told the private News Agency of Nigeria that it was over.", []string{"Jane Roe told News Agency of Nigeria"}, nil},
		{"Jane Roe told Britain's Financial Times newspaper that it was over.", []string{"Jane Roe told Financial Times"}, nil},
		{"Jane Roe spoke to Britain's Guardian newspaper.", []string{"Guardian based_in United Kingdom"}, nil},
	} {
		facts := allFacts(tc.text, "")
		for _, w := range tc.want {
			if _, ok := facts[w]; !ok {
				t.Errorf("%q: no %s in %v", tc.text, w, keys(facts))
			}
		}
		for _, n := range tc.not {
			// "fact@rule": not from that rule (another may know it).
			fact, rule, _ := strings.Cut(n, "@")
			if r, ok := facts[fact]; ok && (rule == "" || r.Rule == rule) {
				t.Errorf("%q: %s (%s)", tc.text, fact, r.Rule)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// An article's short name of an organisation it names in full is that
// organisation; a short name two full names contain is neither.
func TestShortOrgNames(t *testing.T) {
	for _, tc := range []struct {
		text, short, want string
	}{
		{"Andre Rwisereka, the deputy leader of the opposition Democratic Green Party of Rwanda, was found dead. Rwanda's Green Party mourned him.", "Green Party", "Democratic Green Party of Rwanda"},
		{"The Scottish Green Party and the Irish Green Party met. The Green Party said so.", "Green Party", "Green Party"},
		{"Bayern Munich won. Bayern said so.", "Bayern", "Bayern"},
	} {
		ex := New().WithMinConfidence(0).Extract(newsgraph.Article{Text: tc.text})
		found := false
		for _, m := range ex.Mentions {
			if m.Text == tc.short {
				found = true
				if m.Canonical != tc.want {
					t.Errorf("%q: %q named %q, want %q", tc.text, tc.short, m.Canonical, tc.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no mention %q", tc.text, tc.short)
		}
	}
}
