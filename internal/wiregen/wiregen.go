// Package wiregen writes synthetic wire-service articles for benchmarks:
// people, organisations, countries and places in the sentences newsgraph's
// extractor reads (leaders meeting, visits, companies and where they are
// based, attacks claimed, ambassadors, who told whom), with the rest of an
// article in plain prose around them.
//
// Names are heavy-tailed, as in a real archive: by 60,000 articles the
// most named person has some 15,000 mentions and three people in four
// one, and new ones keep coming as the archive grows. Each kind of name (people, organisations, places) is
// drawn from a Pitman-Yor process: the n-th mention is a new name with
// probability (theta + d*K)/(theta + n), K names seen so far, else a name
// seen before, chosen in proportion to its count less d; its counts follow
// a power law (Zipf-like) and K grows as n^d. Countries are a fixed set of
// real ones, chosen by a Zipf law. The parameters give about 94,000
// distinct names by 60,000 articles (TestDistinctNames).
//
// Everything is determined by the seed: the same seed gives the same
// articles, byte for byte, on every platform.
package wiregen

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
)

// Article is one generated article.
type Article struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"`
	Text  string `json:"text"`
}

// Generator writes articles one after another.
type Generator struct {
	rng       *rand.Rand
	n         int // articles written
	people    *process
	orgs      *process
	places    *process
	countries *zipf
	firsts    *zipf
}

// New returns a generator whose articles are determined by seed.
func New(seed uint64) *Generator {
	rng := rand.New(rand.NewPCG(seed, 0x77697265)) // "wire"
	return &Generator{
		rng:       rng,
		people:    newProcess(rng, 0.77, 40, personSurname),
		orgs:      newProcess(rng, 0.72, 20, orgName),
		places:    newProcess(rng, 0.68, 20, placeName),
		countries: newZipf(len(countries), 1.0),
		firsts:    newZipf(len(firstNames), 0.9),
	}
}

// Names says how many distinct people, organisations and places the
// articles written so far name (countries not counted: there are
// len(countries) of them).
func (g *Generator) Names() (people, orgs, places int) {
	return len(g.people.counts), len(g.orgs.counts), len(g.places.counts)
}

// WriteJSONL writes n articles as JSON Lines ({"id", "title", "date",
// "text"} a line), the format newsgraph ingest reads.
func (g *Generator) WriteJSONL(w io.Writer, n int) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for range n {
		if err := enc.Encode(g.Next()); err != nil {
			return err
		}
	}
	return nil
}

// person is a person as an article names them: in full first, then by
// surname.
type person struct{ first, last string }

func (p person) full() string { return p.first + " " + p.last }

// Next returns the next article.
func (g *Generator) Next() Article {
	g.n++
	r := g.rng
	month := months[r.IntN(len(months))]
	day := 1 + r.IntN(28)
	year := 2020 + r.IntN(5)
	a := &article{g: g}
	dateline := g.place()
	a.add(fmt.Sprintf("%s, %s %d (Reuters) -", strings.ToUpper(dateline), month, day))
	// Four to seven sentences with names, prose between them.
	var title string
	for i, k := 0, 4+r.IntN(4); i < k; i++ {
		t := a.sentence(dateline)
		if title == "" {
			title = t
		}
		for j := r.IntN(3); j > 0; j-- {
			a.add(prose[r.IntN(len(prose))])
		}
	}
	return Article{
		ID:    fmt.Sprintf("w%d", g.n),
		Title: title,
		Date:  fmt.Sprintf("%d-%02d-%02d", year, monthNumber(month), day),
		Text:  title + "\n" + a.b.String() + "\n",
	}
}

// article is an article being written.
type article struct {
	g      *Generator
	b      strings.Builder
	people []person // named so far: later sentences may name them by surname
}

func (a *article) add(s string) {
	if a.b.Len() > 0 {
		a.b.WriteByte(' ')
	}
	a.b.WriteString(s)
}

// who is a person for a sentence: often one named before in the article,
// by surname (the second reference of news style), else a new one in full.
func (a *article) who() string {
	if len(a.people) > 0 && a.g.rng.IntN(3) == 0 {
		return a.people[a.g.rng.IntN(len(a.people))].last
	}
	p := a.g.person()
	a.people = append(a.people, p)
	return p.full()
}

// newPerson is a person named in full.
func (a *article) newPerson() string {
	p := a.g.person()
	a.people = append(a.people, p)
	return p.full()
}

// sentence adds a sentence with names and returns a headline for it.
func (a *article) sentence(dateline string) string {
	g, r := a.g, a.g.rng
	day := weekdays[r.IntN(len(weekdays))]
	c1, c2 := g.country(), g.country()
	switch r.IntN(10) {
	case 0, 1:
		p1, p2 := a.newPerson(), a.newPerson()
		a.add(fmt.Sprintf("%s Prime Minister %s met %s President %s in %s on %s.", c1.demonym, p1, c2.demonym, p2, dateline, day))
		return fmt.Sprintf("%s and %s leaders meet in %s", c1.demonym, c2.demonym, dateline)
	case 2:
		p, to := a.newPerson(), g.place()
		a.add(fmt.Sprintf("%s Foreign Minister %s visited %s on %s to discuss trade with %s.", c1.demonym, p, to, day, a.who()))
		return fmt.Sprintf("%s minister visits %s", c1.demonym, to)
	case 3:
		o, at := g.org("Holdings", "Group", "Bank", "Energy", "Airlines", "Motors", "Telecom", "Mining"), g.place()
		a.add(fmt.Sprintf("%s, based in %s, said on %s it would %s.", o, at, day, plans[r.IntN(len(plans))]))
		return fmt.Sprintf("%s to %s", o, plans[r.IntN(len(plans))])
	case 4:
		o := g.org("Holdings", "Group", "Bank", "Energy", "Airlines", "Motors", "Telecom", "Mining")
		p := a.newPerson()
		a.add(fmt.Sprintf("%s, the chief executive of %s, told Reuters the company would %s.", p, o, plans[r.IntN(len(plans))]))
		return fmt.Sprintf("%s chief sees growth", o)
	case 5:
		grp, at := g.org("Liberation Front", "Brigades", "Movement", "Army"), g.place()
		a.add(fmt.Sprintf("The %s claimed responsibility for the attack in %s on %s, officials said.", grp, at, day))
		return fmt.Sprintf("Attack in %s claimed", at)
	case 6:
		p, at := a.newPerson(), g.place()
		a.add(fmt.Sprintf("US Ambassador to %s %s visited %s on %s.", c1.name, p, at, day))
		return fmt.Sprintf("US envoy visits %s", at)
	case 7:
		p, o := a.newPerson(), g.org("Party", "Union", "Council", "Institute")
		a.add(fmt.Sprintf("%s, a spokesman for the %s, said talks with %s would continue.", p, o, c2.name))
		return fmt.Sprintf("%s says talks to continue", o)
	case 8:
		at := g.place()
		a.add(fmt.Sprintf("%s told reporters in %s on %s that %s would %s.", a.who(), at, day, c1.name, plans[r.IntN(len(plans))]))
		return fmt.Sprintf("%s to act", c1.name)
	default:
		p1 := a.who()
		a.add(fmt.Sprintf("%s told %s that the talks with %s had been useful.", p1, a.who(), c2.name))
		return fmt.Sprintf("Talks with %s useful", c2.name)
	}
}

// person draws a person from the people's process.
func (g *Generator) person() person {
	i := g.people.draw()
	// The first name is the surname's: one person, one name, and first
	// names as popular as in the news (a Zipf law over a fixed list).
	first := firstNames[g.people.firsts(i, g.firsts)]
	return person{first, g.people.name(i)}
}

func (g *Generator) org(kinds ...string) string {
	i := g.orgs.draw()
	return g.orgs.name(i) + " " + kinds[i%len(kinds)]
}

func (g *Generator) place() string { return g.places.name(g.places.draw()) }

func (g *Generator) country() country { return countries[g.countries.draw(g.rng)] }

// process is a Pitman-Yor process over names: draw returns the index of a
// name, new ones numbered from 0 in order of first appearance.
type process struct {
	rng      *rand.Rand
	d, theta float64
	counts   []int // mentions of each name
	history  []int // every draw, to choose a name in proportion to its count
	words    func(i int) string
	first    []int // a first name for each (people only)
}

func newProcess(rng *rand.Rand, d, theta float64, words func(int) string) *process {
	return &process{rng: rng, d: d, theta: theta, words: words}
}

func (p *process) draw() int {
	n, k := float64(len(p.history)), float64(len(p.counts))
	if p.rng.Float64()*(p.theta+n) < p.theta+p.d*k {
		p.counts = append(p.counts, 1)
		p.history = append(p.history, len(p.counts)-1)
		return len(p.counts) - 1
	}
	for {
		// In proportion to count - d: draw in proportion to count, keep
		// with probability (count - d)/count.
		i := p.history[p.rng.IntN(len(p.history))]
		if c := float64(p.counts[i]); p.rng.Float64()*c < c-p.d {
			p.counts[i]++
			p.history = append(p.history, i)
			return i
		}
	}
}

func (p *process) name(i int) string { return p.words(i) }

func (p *process) firsts(i int, z *zipf) int {
	for len(p.first) <= i {
		p.first = append(p.first, z.draw(p.rng))
	}
	return p.first[i]
}

// zipf draws 0..n-1 with probability in proportion to 1/(i+1)^s.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) *zipf {
	z := &zipf{cum: make([]float64, n)}
	t := 0.0
	for i := range n {
		t += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = t
	}
	return z
}

func (z *zipf) draw(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if z.cum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// word spells the number i as syllables: distinct numbers give distinct
// words (the first syllable has no vowel-initial form, so no word is
// another's suffix read wrongly), at least two syllables long.
func word(i int, endings []string) string {
	var b strings.Builder
	end := endings[i%len(endings)]
	i /= len(endings)
	b.WriteString(onsets[i%len(onsets)])
	i /= len(onsets)
	b.WriteString(vowels[i%len(vowels)])
	i /= len(vowels)
	for i > 0 {
		i--
		b.WriteString(middles[i%len(middles)])
		i /= len(middles)
	}
	b.WriteString(end)
	return b.String()
}

func personSurname(i int) string { return word(i, surnameEnds) }
func orgName(i int) string       { return word(i, orgEnds) }
func placeName(i int) string     { return word(i, placeEnds) }

var (
	onsets      = []string{"B", "D", "K", "M", "N", "P", "R", "S", "T", "V", "Z", "G", "L", "H", "Br", "Dr", "Kr", "Tr", "St", "Gr"}
	vowels      = []string{"a", "e", "i", "o", "u", "ai", "ou", "ei"}
	middles     = []string{"ran", "del", "vok", "mir", "sal", "ten", "bar", "lin", "gor", "nes", "vad", "rel", "kan", "tor", "mel", "zen"}
	surnameEnds = []string{"ov", "ez", "i", "son", "escu", "ski", "idis", "enko", "ani", "berg", "ic", "ada"}
	orgEnds     = []string{"ex", "ora", "on", "ica", "ant", "is"}
	placeEnds   = []string{"ovo", "burg", "ville", "abad", "pur", "ia", "grad", "stad", "port", "ara"}
)

var firstNames = []string{"John", "Maria", "David", "Anna", "Ahmed", "Elena", "Michael", "Sarah", "Mohammed", "Peter",
	"James", "Olga", "Carlos", "Fatima", "Pierre", "Yuki", "Omar", "Lena", "Karim", "Ingrid", "Tomas", "Sofia", "Igor",
	"Laura", "Hassan", "Julia", "Robert", "Nancy", "Ivan", "Claire", "Ali", "Emma", "Jorge", "Natalia", "Paul", "Leila",
	"Thomas", "Karen", "Mark", "Rania", "Daniel", "Helen", "Sergei", "Amir", "Linda", "Richard", "Ursula", "Samir",
	"George", "Alice", "Klaus", "Mary", "Hamid", "Jane", "Luis", "Olena", "Stefan", "Susan", "Khaled", "Valentina"}

type country struct{ name, demonym string }

// countries, roughly by how often the news names them.
var countries = []country{{"China", "Chinese"}, {"Russia", "Russian"}, {"Germany", "German"}, {"France", "French"},
	{"Japan", "Japanese"}, {"Britain", "British"}, {"Iran", "Iranian"}, {"India", "Indian"}, {"Israel", "Israeli"},
	{"Turkey", "Turkish"}, {"Ukraine", "Ukrainian"}, {"Brazil", "Brazilian"}, {"Italy", "Italian"}, {"Egypt", "Egyptian"},
	{"Iraq", "Iraqi"}, {"Pakistan", "Pakistani"}, {"Spain", "Spanish"}, {"Canada", "Canadian"}, {"Mexico", "Mexican"},
	{"Poland", "Polish"}, {"Syria", "Syrian"}, {"Kenya", "Kenyan"}, {"Nigeria", "Nigerian"}, {"Lebanon", "Lebanese"},
	{"Jordan", "Jordanian"}, {"Australia", "Australian"}, {"Indonesia", "Indonesian"}, {"Argentina", "Argentine"},
	{"Sweden", "Swedish"}, {"Greece", "Greek"}, {"Hungary", "Hungarian"}, {"Chile", "Chilean"}, {"Peru", "Peruvian"},
	{"Vietnam", "Vietnamese"}, {"Thailand", "Thai"}, {"Morocco", "Moroccan"}, {"Algeria", "Algerian"}, {"Ethiopia", "Ethiopian"},
	{"Austria", "Austrian"}, {"Belgium", "Belgian"}, {"Norway", "Norwegian"}, {"Finland", "Finnish"}, {"Portugal", "Portuguese"},
	{"Romania", "Romanian"}, {"Serbia", "Serbian"}, {"Colombia", "Colombian"}, {"Cuba", "Cuban"}, {"Ghana", "Ghanaian"},
	{"Moldova", "Moldovan"}, {"Georgia", "Georgian"}}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func monthNumber(m string) int {
	for i, x := range months {
		if x == m {
			return i + 1
		}
	}
	return 0
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var plans = []string{"cut 300 jobs", "raise its dividend", "expand into new markets", "review its options", "sell its retail unit",
	"open two new plants", "cut costs further", "delay the project", "seek new financing", "resume talks"}

// prose is what an article says between its names.
var prose = []string{
	"The talks focused on trade, energy and security, officials said.",
	"Prices rose sharply in the first quarter, according to figures released on the same day.",
	"Analysts said the decision was widely expected and would have little effect on the market.",
	"The agreement still needs the approval of parliament, which is due to vote next month.",
	"Shares in the company fell 3.2 percent in early trading before recovering some of the losses.",
	"Officials declined to give further details, citing the continuing investigation.",
	"The government has promised to publish a full report by the end of the year.",
	"Thousands of people gathered in the main square on Saturday evening to protest against the plan.",
	"The central bank left interest rates unchanged, saying inflation remained within its target range.",
	"Both sides described the meeting as constructive, but no date was set for further talks.",
	"The ministry said in a statement that it was monitoring the situation closely.",
	"Heavy rain and flooding have disrupted transport across the region for the past week.",
	"The opposition criticised the move, calling it rushed and poorly explained.",
	"Exports grew by 4.5 percent last year, the fastest rate in almost a decade.",
	"A final decision is expected after a meeting of the board later this month.",
	"Police said several people had been detained and that an inquiry had been opened.",
}
