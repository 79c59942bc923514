// Package newsgraph holds the domain types that the extract, db, graph and
// export packages share. It has no dependencies of its own: each adapter
// package speaks these types and never reaches into another's internals; the
// command in cmd/newsgraph wires them together.
package newsgraph

// Entity types found in news text.
const (
	Person = "PERSON" // people, real or fictional
	Org    = "ORG"    // companies, agencies, armed groups, institutions
	GPE    = "GPE"    // geo-political entities: countries, cities, states
	Loc    = "LOC"    // other places: regions, rivers, mountains
	NORP   = "NORP"   // nationalities, religious and political groups ("Iraqi")
	Event  = "EVENT"  // named events
	Misc   = "MISC"   // other names (resolutions, products, laws)
)

// EntityTypes lists every entity type in a stable order.
var EntityTypes = []string{Person, Org, GPE, Loc, NORP, Event, Misc}

// Section kinds of an article's cleaned text.
const (
	SectionTitle   = "title"
	SectionCaption = "caption"
	SectionBody    = "body"
)

// Section is a span of an article's text. Offsets are in Unicode code points
// (the unit SQLite's substr uses), End exclusive.
type Section struct {
	Kind   string
	Start  int
	End    int
	Credit string // photo credit of a caption ("REUTERS/Thaier Al-Sudani")
}

// Article is one news article after reading and cleaning.
type Article struct {
	ID         int64  // database id; 0 before storing
	Source     string // file path, "-" for standard input, or the record's source
	URL        string
	ExternalID string // id given by the input (JSON Lines "id")
	Line       int    // the input line it was read from (JSON Lines); 0 when not known
	Title      string
	Date       string // publication date, ISO 8601 (YYYY-MM-DD), "" when unknown
	DateSource string // where Date came from: metadata, dateline, caption, flag
	Text       string // cleaned text; every offset points into it
	Sections   []Section
}

// Mention is one occurrence of an entity in an article's text.
type Mention struct {
	Start     int    // code-point offset into Article.Text
	End       int    // exclusive
	Text      string // the surface form, Text == Article.Text[Start:End] in code points
	Type      string // one of EntityTypes
	Canonical string // the name of the entity it refers to ("United States" for "U.S.")
	Role      string // a title that preceded a person's name ("Ambassador")
}

// Relation is one extracted fact between two mentions of an article.
type Relation struct {
	Subject    int // index into the article's mentions
	Object     int // index into the article's mentions
	Type       string
	Start, End int    // code-point offsets of the evidence sentence
	Evidence   string // the sentence text
	Date       string // ISO date the sentence gives (first day of a week, month or year), "" when none
	// DatePrecision says how much of Date the text gave: day, week, month
	// or year ("Friday", "last week", "in January", "in 2011").
	DatePrecision string
	Confidence    float64
	Rule          string // the rule that produced it
	Role          string // role text for roles ("Education Minister")
	Modality      string // "" for asserted facts, "planned" for announced ones
}

// Extraction is what extraction finds in one article.
type Extraction struct {
	Mentions  []Mention
	Relations []Relation
	Quotes    []Quote
	// Models names the models that produced it, as the caller describes
	// them ("tagger=embedded ..."); stored with the article.
	Models string
}

// Quote is something a speaker said, in quotation marks or reported
// ("Romanowski said the work was not done").
type Quote struct {
	Speaker    int    // index into Extraction.Mentions
	Addressee  int    // index into Extraction.Mentions, -1 when none ("told Reuters")
	Text       string // the words quoted or reported
	Start, End int    // code points of Text in the article
	Direct     bool   // in quotation marks
	// SentenceStart and SentenceEnd are the code points of the sentence
	// with the speech verb.
	SentenceStart, SentenceEnd int
}

// StoredQuote is a quote as users read it.
type StoredQuote struct {
	ID        int64  `json:"id"`
	SpeakerID int64  `json:"speaker_id"`
	Speaker   string `json:"speaker"`
	Addressee string `json:"addressee,omitempty"`
	Text      string `json:"text"`
	Direct    bool   `json:"direct"`
	ArticleID int64  `json:"article_id"`
	Article   string `json:"article"`
	Date      string `json:"date,omitempty"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// RelationType describes one relation of the ontology.
type RelationType struct {
	Name         string
	Description  string
	SubjectTypes []string
	ObjectTypes  []string
	Symmetric    bool
}

// Entity is a canonical real-world thing with its aliases.
type Entity struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
	Articles int      `json:"articles"`
}

// Fact is a stored relation as users read it: names instead of ids, with its
// best piece of evidence.
type Fact struct {
	ID          int64  `json:"id"`
	SubjectID   int64  `json:"subject_id"`
	Subject     string `json:"subject"`
	SubjectType string `json:"subject_type"`
	Relation    string `json:"relation"`
	ObjectID    int64  `json:"object_id"`
	Object      string `json:"object"`
	ObjectType  string `json:"object_type"`
	Date        string `json:"date"`
	// DatePrecision is day, week, month or year; "" without a date.
	DatePrecision string  `json:"date_precision,omitempty"`
	Confidence    float64 `json:"confidence"`
	Evidence      string  `json:"evidence"`
	Weight        int     `json:"weight"` // number of supporting sentences
	ArticleID     int64   `json:"article_id"`
	Article       string  `json:"article"`
	Role          string  `json:"role,omitempty"`
	Modality      string  `json:"modality,omitempty"`
	Rule          string  `json:"rule"`
	Symmetric     bool    `json:"symmetric"`
	FirstDate     string  `json:"first_date,omitempty"` // earliest date of its evidence
	LastDate      string  `json:"last_date,omitempty"`  // latest
}

// Edge is a fact as whole-graph measures read it: its id, its two
// entities, its relation type and its weight, without names, dates or
// evidence. A database's 500,000 facts read as edges take 24 MB.
type Edge struct {
	ID        int64
	SubjectID int64
	ObjectID  int64
	Relation  string // one string shared by every edge of the type
	Weight    int    // number of supporting sentences
}

// Relation type names.
const (
	AmbassadorOf    = "ambassador_of"
	AmbassadorTo    = "ambassador_to"
	PrimeMinisterOf = "prime_minister_of"
	PresidentOf     = "president_of"
	MinisterOf      = "minister_of"
	MeetsWith       = "meets_with"
	Visited         = "visited"
	ClaimedAttack   = "claimed_attack"
	LocatedIn       = "located_in"
	Told            = "told"
	LeaderOf        = "leader_of"
	SpokespersonOf  = "spokesperson_of"
	MemberOf        = "member_of"
	WorksFor        = "works_for"
	CitizenOf       = "citizen_of"
	Attacked        = "attacked"
	Killed          = "killed"
	BranchOf        = "branch_of"
	BasedIn         = "based_in"
	LivesIn         = "lives_in"
	Borders         = "borders"
	AlliedWith      = "allied_with"
	BackedBy        = "backed_by"
)

// Ontology lists the relation types: the vocabulary extraction produces and
// the database describes in its relation_types table.
var Ontology = []RelationType{
	rt(AmbassadorOf, "a person is an ambassador representing a country", []string{Person}, []string{GPE}, false),
	rt(AmbassadorTo, "a person is an ambassador posted to a host country", []string{Person}, []string{GPE}, false),
	rt(PrimeMinisterOf, "a person is (or was, or is caretaker) head of a country's government: prime minister, premier, chancellor", []string{Person}, []string{GPE}, false),
	rt(PresidentOf, "a person is president of a country", []string{Person}, []string{GPE}, false),
	rt(MinisterOf, "a person is a minister in a country's government; the role text says which", []string{Person}, []string{GPE}, false),
	rt(MeetsWith, "two people meet or hold talks; modality 'planned' for announced meetings", []string{Person}, []string{Person}, true),
	rt(Visited, "a person visits a place", []string{Person}, []string{GPE, Loc}, false),
	rt(ClaimedAttack, "a group claimed responsibility for an attack at a place", []string{Org}, []string{GPE, Loc}, false),
	rt(LocatedIn, "a place lies in another place", []string{GPE, Loc}, []string{GPE, Loc}, false),
	rt(Told, "a speaker told an addressee (a person or news organisation)", []string{Person}, []string{Person, Org}, false),
	rt(LeaderOf, "a person leads an organisation or group (leader, chief, head, commander)", []string{Person}, []string{Org, GPE}, false),
	rt(SpokespersonOf, "a person speaks for an organisation or government", []string{Person}, []string{Org, GPE}, false),
	rt(MemberOf, "a person or group is a member of an organisation or alliance", []string{Person, Org, GPE}, []string{Org}, false),
	rt(WorksFor, "a person is an official or employee of an organisation or government", []string{Person}, []string{Org, GPE}, false),
	rt(CitizenOf, "a person is a national of a country (\"Iraqi journalist ...\")", []string{Person}, []string{GPE}, false),
	rt(Attacked, "a group, country or person attacked a place, group or country", []string{Org, GPE, Person, NORP}, []string{GPE, Loc, Org, Person}, false),
	rt(Killed, "a person or group killed a person", []string{Person, Org, GPE}, []string{Person}, false),
	rt(BranchOf, "a group is a branch, wing or affiliate of another (\"ISIS's Afghan branch, ISIS-K\")", []string{Org}, []string{Org}, false),
	rt(BasedIn, "an organisation is based or headquartered in a place", []string{Org}, []string{GPE, Loc}, false),
	rt(LivesIn, "a person lives in a place", []string{Person}, []string{GPE, Loc}, false),
	rt(Borders, "two countries or places share a border", []string{GPE, Loc}, []string{GPE, Loc}, true),
	rt(AlliedWith, "two countries or groups are allies", []string{GPE, Org}, []string{GPE, Org}, true),
	rt(BackedBy, "a group is backed (armed, funded, supported) by a country or group (\"Iran-backed Hezbollah\")", []string{Org}, []string{GPE, Org}, false),
}

func rt(name, desc string, subj, obj []string, symmetric bool) RelationType {
	return RelationType{Name: name, Description: desc, SubjectTypes: subj, ObjectTypes: obj, Symmetric: symmetric}
}

// Metrics are one entity's graph measures, as newsgraph analyze computes
// and stores them.
type Metrics struct {
	EntityID       int64          `json:"entity_id"`
	InDegree       int            `json:"in_degree"`  // distinct entities with a relation to it
	OutDegree      int            `json:"out_degree"` // distinct entities it has a relation to
	Degree         int            `json:"degree"`     // distinct neighbours either way
	WeightedDegree float64        `json:"weighted_degree"`
	PageRank       float64        `json:"pagerank"`
	Betweenness    float64        `json:"betweenness"` // normalised as networkx does
	Closeness      float64        `json:"closeness"`   // Wasserman-Faust, as networkx does
	Component      int            `json:"component"`   // 0 is the largest
	Core           int            `json:"core"`        // k-core number
	Community      int            `json:"community"`   // Louvain, 0 is the largest
	Layers         map[string]int `json:"layers,omitempty"`
}
