package extract

import (
	"github.com/newsgraph/newsgraph"
)

// AnnotatedRecord is one article in the annotated JSON Lines format of the
// training and evaluation data: entities with code-point offsets and types,
// relations as indices into the entities.
type AnnotatedRecord struct {
	ID string `json:"id"`
	// DocID groups sentence records into articles (CoNLL-2003).
	DocID     string              `json:"doc_id,omitempty"`
	Text      string              `json:"text"`
	Title     string              `json:"title,omitempty"`
	Date      string              `json:"date,omitempty"`
	Entities  []AnnotatedEntity   `json:"entities"`
	Relations []AnnotatedRelation `json:"relations"`
	// Clusters group the mentions of one entity (DWIE coreference).
	Clusters []AnnotatedCluster `json:"clusters,omitempty"`
	// Quotes are what speakers said (extract's output only).
	Quotes []AnnotatedQuote `json:"quotes,omitempty"`
}

// AnnotatedQuote is a quote: speaker (and addressee) by entity index.
type AnnotatedQuote struct {
	Speaker   int    `json:"speaker"`
	Addressee *int   `json:"addressee,omitempty"`
	Text      string `json:"text"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Direct    bool   `json:"direct"`
}

// AnnotatedCluster is one entity: the indices of its mentions.
type AnnotatedCluster struct {
	ID       int    `json:"id"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Mentions []int  `json:"mentions"`
}

// AnnotatedEntity is one mention.
type AnnotatedEntity struct {
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Type      string `json:"type"`
	Text      string `json:"text"`
	Canonical string `json:"canonical,omitempty"`
	Role      string `json:"role,omitempty"`
}

// AnnotatedRelation links two entities by index.
type AnnotatedRelation struct {
	Head       int     `json:"head"`
	Tail       int     `json:"tail"`
	Type       string  `json:"type"`
	Confidence float64 `json:"confidence"`
	Date       string  `json:"date,omitempty"`
	// DatePrecision is day, week, month or year.
	DatePrecision string `json:"date_precision,omitempty"`
	Modality      string `json:"modality,omitempty"`
	Rule          string `json:"rule"`
	Evidence      string `json:"evidence"`
	// HeadEntity and TailEntity index Clusters where the data has them.
	HeadEntity *int `json:"head_entity,omitempty"`
	TailEntity *int `json:"tail_entity,omitempty"`
}

// Record converts an article and its extraction to the annotated format.
// Mentions over the same span with the same type are listed once.
func Record(id string, a newsgraph.Article, ex newsgraph.Extraction) AnnotatedRecord {
	rec := AnnotatedRecord{ID: id, Text: a.Text, Title: a.Title, Date: a.Date,
		Entities: []AnnotatedEntity{}, Relations: []AnnotatedRelation{}}
	type key struct {
		start, end int
		typ        string
	}
	index := map[key]int{}
	remap := make([]int, len(ex.Mentions))
	for i, m := range ex.Mentions {
		k := key{m.Start, m.End, m.Type}
		j, ok := index[k]
		if !ok {
			j = len(rec.Entities)
			index[k] = j
			rec.Entities = append(rec.Entities, AnnotatedEntity{Start: m.Start, End: m.End, Type: m.Type, Text: m.Text, Canonical: m.Canonical, Role: m.Role})
		}
		remap[i] = j
	}
	for _, r := range ex.Relations {
		rec.Relations = append(rec.Relations, AnnotatedRelation{Head: remap[r.Subject], Tail: remap[r.Object], Type: r.Type,
			Confidence: r.Confidence, Date: r.Date, DatePrecision: r.DatePrecision, Modality: r.Modality, Rule: r.Rule, Evidence: r.Evidence})
	}
	for _, q := range ex.Quotes {
		aq := AnnotatedQuote{Speaker: remap[q.Speaker], Text: q.Text, Start: q.Start, End: q.End, Direct: q.Direct}
		if q.Addressee >= 0 {
			a := remap[q.Addressee]
			aq.Addressee = &a
		}
		rec.Quotes = append(rec.Quotes, aq)
	}
	return rec
}
