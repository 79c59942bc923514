package extract

// Word lists the rules use. Lexicons of names live in lexicon/; these are
// the closed-class and cue words of news English.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// titleHeads end a title: "Prime Minister", "US Ambassador".
var titleHeads = set("President", "Ambassador", "Minister", "Premier", "Chancellor",
	"King", "Queen", "Prince", "Princess", "Emir", "Sheikh", "Sultan", "Pope",
	"Secretary", "Secretary-General", "Governor", "Mayor", "Senator", "Sen.", "Rep.",
	"Representative", "Spokesman", "Spokeswoman", "Spokesperson", "General", "Gen.",
	"Colonel", "Col.", "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.",
	"Commander", "Chief", "Director", "Chairman", "Chairwoman", "Chair", "CEO",
	"Speaker", "Envoy", "Ayatollah", "Leader", "Judge", "Justice", "Mr.", "Mrs.",
	"Ms.", "Dr.", "Prof.", "Professor", "Admiral", "Adm.", "Marshal", "Cardinal",
	"Archbishop", "Bishop", "Rabbi", "Imam", "Mufti", "Commissioner", "Attorney")

// titleWords may precede a head inside a title.
var titleWords = set("Prime", "Vice", "Deputy", "Caretaker", "Acting", "Former", "Interim",
	"Outgoing", "Incoming", "First", "Foreign", "Defence", "Defense", "Interior",
	"Finance", "Education", "Health", "Economy", "Energy", "Oil", "Trade", "Labor",
	"Labour", "Agriculture", "Transport", "Culture", "Information", "Environment",
	"Housing", "Tourism", "Communications", "Supreme", "State", "Senior", "Grand",
	"Crown", "Army", "Military", "Police", "Security", "Treasury", "Home",
	"Executive", "Managing", "General", "Lieutenant", "Attorney", "Chief", "Top",
	"Opposition", "Parliament", "Parliamentary", "Lt.", "Major", "Brigadier",
	"Secretary", "Foreign-", "Economic", "Justice", "Affairs", "Water", "Industry")

// lowerTitles are titles written in lower case that refer back to a person
// ("the premier", "Iraq's prime minister").
var lowerTitles = map[string]string{
	"prime minister": "Prime Minister", "premier": "Prime Minister",
	"president": "President", "ambassador": "Ambassador", "minister": "Minister",
	"foreign minister": "Minister", "envoy": "Ambassador",
}

// roleTitles are lower-case titles read before a name ("German chancellor
// Angela Merkel") and not back as a pronoun is. They are kept apart from
// lowerTitles, a feature of the embedded tagger, which changing would
// retrain.
var roleTitles = map[string]string{"chancellor": "Chancellor"}

// lowerTitle returns the title a lower-case word or two stand for, or "".
func lowerTitle(words string) string {
	if t := lowerTitles[words]; t != "" {
		return t
	}
	return roleTitles[words]
}

// orgWords make a capitalised phrase an organisation.
var orgWords = set("Ministry", "Army", "Council", "Party", "Bank", "Center", "Centre",
	"University", "Committee", "Agency", "Forces", "Force", "Coalition", "Embassy",
	"Corporation", "Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.", "Group", "Union",
	"Organization", "Organisation", "Front", "Movement", "Brigade", "Brigades",
	"Authority", "Commission", "Court", "Parliament", "Assembly", "Institute",
	"Association", "Federation", "Company", "Airlines", "Airways", "Navy",
	"Guard", "Guards", "Police", "Service", "Office", "Department", "Fund",
	"Foundation", "Network", "News", "Times", "Post", "Press", "Television", "TV",
	"Radio", "Club", "League", "Cabinet", "Government", "Senate", "Congress",
	"Board", "Bureau", "Directorate", "Hospital", "School", "College", "Academy",
	"Holdings", "Industries", "Petroleum", "Oil", "Energy", "Systems", "Motors")

// locWords make a capitalised phrase a place.
var locWords = set("Governorate", "Province", "Region", "River", "Mountains",
	"Mountain", "Valley", "Desert", "Island", "Islands", "Sea", "Ocean", "Strait",
	"Peninsula", "Basin", "Lake", "Bay", "Coast", "Plain", "Plateau", "Heights",
	"District", "County", "Square", "Street", "Airport", "Bridge", "Park")

// eventWords make a capitalised phrase an event.
var eventWords = set("War", "Summit", "Olympics", "Games", "Cup", "Conference",
	"Election", "Elections", "Festival", "Forum", "Championship", "Revolution",
	"Uprising", "Intifada", "Spring", "Crisis")

// miscWords make a capitalised phrase another kind of name.
var miscWords = set("Resolution", "Act", "Treaty", "Accord", "Accords", "Agreement",
	"Convention", "Prize", "Award", "Protocol", "Declaration", "Plan", "Initiative")

// nameConnectors may stand inside a name in lower case.
var nameParticles = set("al", "el", "bin", "ibn", "bint", "abu", "van", "von", "der",
	"de", "da", "di", "du", "la", "le", "dos", "das", "del", "y", "ul", "ud")

// phraseConnectors may stand inside an organisation's or place's name.
var phraseConnectors = set("of", "for", "and", "the", "on", "de", "&")

// speechVerbs follow a speaker's name.
var speechVerbs = set("said", "says", "told", "stated", "added", "wrote", "announced",
	"stressed", "noted", "explained", "argued", "warned", "insisted", "asked",
	"replied", "tweeted", "posted", "continued", "urged", "claimed", "denied")

// notNames are capitalised words that start sentences or headlines but name
// nothing, plus date words.
var notNames = set("The", "A", "An", "This", "That", "These", "Those", "It", "Its",
	"He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "My", "Your",
	"In", "On", "At", "By", "For", "From", "To", "With", "Without", "After", "Before",
	"During", "Since", "Until", "As", "If", "When", "While", "Where", "Why", "How",
	"What", "Which", "Who", "But", "And", "Or", "So", "Yet", "Also", "However",
	"Meanwhile", "Many", "Most", "Some", "Several", "Few", "All", "Both", "Each",
	"Every", "No", "Not", "Other", "Another", "Such", "Last", "Next", "First",
	"Second", "Third", "Final", "New", "Old", "Senior", "Junior", "Beyond", "Despite",
	"Although", "Though", "Because", "Under", "Over", "Between", "Among", "Against",
	"About", "Above", "Below", "Near", "Here", "There", "Then", "Now", "Today",
	"Yesterday", "Tomorrow", "Tonight", "Earlier", "Later", "Still", "Even", "Just",
	"Only", "More", "Less", "Much", "Very", "Western", "Eastern", "Northern",
	"Southern", "Central", "Global", "International", "National", "Local", "Official",
	"Officials", "Government", "Police", "Security", "Many", "Why", "Yes", "Mr",
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.",
	"Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "Internet", "God", "Islamic",
	"Resistance", "Government", "State", "Breaking", "Update", "Exclusive",
	"Analysis", "Photo", "Video", "Watch", "Read", "See", "Click", "Share")

// dateWords break capitalised runs: "Friday", "January".
var dateWords = set("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December")

// placeNouns before "of" introduce a place's name: "the city of Tyre".
var placeNouns = set("city", "town", "village", "province", "region", "district", "port", "capital", "suburb", "governorate", "state")

// isDash reports a dash token: a hyphen, en or em dash, or a doubled
// hyphen.
func isDash(s string) bool { return s == "-" || s == "–" || s == "—" || s == "--" }
