package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract/input"
)

// ReadAnnotated reads annotated JSON Lines (the format of ../shared/data and
// of the extract command's output). Every entity must lie inside its text
// and, where it gives its text, match it; relations and clusters must point
// at entities that exist. Errors name the file and line.
func ReadAnnotated(name string, r io.Reader) ([]AnnotatedRecord, error) {
	var recs []AnnotatedRecord
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec AnnotatedRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, &input.Error{Path: name, Line: line, Reason: "not a JSON record: " + err.Error()}
		}
		if err := checkAnnotated(&rec); err != nil {
			return nil, &input.Error{Path: name, Line: line, Reason: err.Error()}
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, &input.Error{Path: name, Line: line + 1, Reason: err.Error()}
	}
	if len(recs) == 0 {
		return nil, &input.Error{Path: name, Reason: "no annotated records"}
	}
	return recs, nil
}

func checkAnnotated(rec *AnnotatedRecord) error {
	if !utf8.ValidString(rec.Text) {
		return fmt.Errorf("record %q: text is not valid UTF-8", rec.ID)
	}
	rs := []rune(rec.Text)
	for i, e := range rec.Entities {
		if e.Start < 0 || e.End > len(rs) || e.Start >= e.End {
			return fmt.Errorf("record %q: entity %d has offsets %d-%d outside its text of %d characters", rec.ID, i, e.Start, e.End, len(rs))
		}
		if e.Text != "" && string(rs[e.Start:e.End]) != e.Text {
			return fmt.Errorf("record %q: entity %d is %q in the text, not %q (offsets are in Unicode code points)", rec.ID, i, string(rs[e.Start:e.End]), e.Text)
		}
		if e.Type == "" {
			return fmt.Errorf("record %q: entity %d has no type", rec.ID, i)
		}
	}
	for i, r := range rec.Relations {
		if r.Head < 0 || r.Head >= len(rec.Entities) || r.Tail < 0 || r.Tail >= len(rec.Entities) {
			return fmt.Errorf("record %q: relation %d links entities %d and %d of %d", rec.ID, i, r.Head, r.Tail, len(rec.Entities))
		}
		for _, c := range []*int{r.HeadEntity, r.TailEntity} {
			if c != nil && (*c < 0 || *c >= len(rec.Clusters)) {
				return fmt.Errorf("record %q: relation %d names cluster %d of %d", rec.ID, i, *c, len(rec.Clusters))
			}
		}
	}
	for i, c := range rec.Clusters {
		for _, m := range c.Mentions {
			if m < 0 || m >= len(rec.Entities) {
				return fmt.Errorf("record %q: cluster %d names entity %d of %d", rec.ID, i, m, len(rec.Entities))
			}
		}
	}
	return nil
}

// annotatedDoc is an article rebuilt from annotated records: sentence
// records that share a doc_id form one article, in file order.
type annotatedDoc struct {
	recs  []*AnnotatedRecord
	sents [][]Token
	rec   []int // record index (into recs) per sentence
}

func groupDocs(recs []AnnotatedRecord) []*annotatedDoc {
	var docs []*annotatedDoc
	for i := range recs {
		r := &recs[i]
		if n := len(docs); n > 0 && r.DocID != "" && docs[n-1].recs[0].DocID == r.DocID {
			docs[n-1].recs = append(docs[n-1].recs, r)
		} else {
			docs = append(docs, &annotatedDoc{recs: []*AnnotatedRecord{r}})
		}
	}
	for _, d := range docs {
		for k, r := range d.recs {
			for _, s := range Sentences(r.Text) {
				d.sents = append(d.sents, s.Tokens)
				d.rec = append(d.rec, k)
			}
		}
	}
	return docs
}

// goldLabels projects a record's entities of known types onto the tokens
// of one of its sentences as BIO labels. It returns how many tokens
// straddle an entity boundary (tokenisation disagreeing with the data).
func goldLabels(toks []Token, ents []AnnotatedEntity, typeIndex map[string]int) ([]int, int) {
	labels := make([]int, len(toks))
	straddle := 0
	prev := -1
	for i, t := range toks {
		cur := -1
		for k, e := range ents {
			if _, ok := typeIndex[e.Type]; ok && t.Start >= e.Start && t.Start < e.End {
				cur = k
				if t.End > e.End {
					straddle++
				}
				break
			}
		}
		if cur < 0 {
			prev = -1
			continue
		}
		ti := typeIndex[ents[cur].Type]
		if cur == prev {
			labels[i] = 2 + 2*ti
		} else {
			labels[i] = 1 + 2*ti
		}
		prev = cur
	}
	return labels, straddle
}
