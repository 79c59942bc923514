package db

import (
	"context"
	"fmt"
	"sort"
	"strings"

	edlib "github.com/hbollon/go-edlib"
)

// Finding is something for a person to review: two entities that may be
// one, or a merge that may be wrong, with the command that would fix it.
type Finding struct {
	Kind     string   `json:"kind"` // duplicate, wrong-merge
	Entities []string `json:"entities"`
	Reason   string   `json:"reason"`
	Fix      string   `json:"fix"`
}

type rootRow struct {
	id         int64
	name, typ  string
	norm       string
	mentions   int
	wordsCount int
}

// Doctor lists likely duplicates (the same name under two types, names one
// letter apart, a surname that several people carry) and likely wrong
// merges (a surname merged when another person with it has appeared
// since). Names are compared within blocks of the same type and first or
// last letters, so the cost stays near linear in the number of entities.
func (db *DB) Doctor(ctx context.Context) ([]Finding, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT e.id, e.name, e.type, e.norm,
		(SELECT COUNT(*) FROM mentions m WHERE m.entity_id IN (SELECT id FROM entities x WHERE x.id = e.id OR x.merged_into = e.id))
		FROM entities e WHERE e.merged_into IS NULL AND e.norm <> '' ORDER BY e.id`)
	if err != nil {
		return nil, fmt.Errorf("doctor: %w", err)
	}
	var roots []rootRow
	for rows.Next() {
		var r rootRow
		if err := rows.Scan(&r.id, &r.name, &r.typ, &r.norm, &r.mentions); err != nil {
			rows.Close()
			return nil, err
		}
		r.wordsCount = len(strings.Fields(r.norm))
		roots = append(roots, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Finding
	apart := map[[2]int64]bool{}
	kr, err := db.sql.QueryContext(ctx, `SELECT x.root, y.root FROM kept_apart k JOIN entity_roots x ON x.id = k.a JOIN entity_roots y ON y.id = k.b`)
	if err != nil {
		return nil, err
	}
	for kr.Next() {
		var a, b int64
		if err := kr.Scan(&a, &b); err != nil {
			kr.Close()
			return nil, err
		}
		apart[[2]int64{a, b}], apart[[2]int64{b, a}] = true, true
	}
	kr.Close()
	merge := func(a, b rootRow) string {
		if b.mentions > a.mentions {
			a, b = b, a
		}
		return fmt.Sprintf("newsgraph merge %q %q", a.name, b.name)
	}
	// The same name under two types.
	byNorm := map[string][]rootRow{}
	for _, r := range roots {
		byNorm[r.norm] = append(byNorm[r.norm], r)
	}
	for _, rs := range byNorm {
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				if rs[i].typ != rs[j].typ && !apart[[2]int64{rs[i].id, rs[j].id}] {
					out = append(out, Finding{Kind: "duplicate", Entities: []string{rs[i].name + " (" + rs[i].typ + ")", rs[j].name + " (" + rs[j].typ + ")"},
						Reason: "the same name with two types", Fix: "check which type is right; " + merge(rs[i], rs[j])})
				}
			}
		}
	}
	// Names one edit apart, within blocks of type and first or last two
	// letters.
	blocks := map[string][]rootRow{}
	for _, r := range roots {
		if len(r.norm) < 6 { // shorter names one letter apart are usually different (Iraq, Iran)
			continue
		}
		blocks[r.typ+"^"+r.norm[:2]] = append(blocks[r.typ+"^"+r.norm[:2]], r)
		blocks[r.typ+"$"+r.norm[len(r.norm)-2:]] = append(blocks[r.typ+"$"+r.norm[len(r.norm)-2:]], r)
	}
	seen := map[[2]int64]bool{}
	for _, rs := range blocks {
		if len(rs) > 2000 {
			continue // a block this big says little
		}
		for i := 0; i < len(rs); i++ {
			for j := i + 1; j < len(rs); j++ {
				a, b := rs[i], rs[j]
				key := [2]int64{min(a.id, b.id), max(a.id, b.id)}
				if seen[key] || apart[key] || abs(len(a.norm)-len(b.norm)) > 1 || edlib.LevenshteinDistance(a.norm, b.norm) != 1 {
					continue
				}
				seen[key] = true
				out = append(out, Finding{Kind: "duplicate", Entities: []string{a.name, b.name},
					Reason: "names one letter apart", Fix: merge(a, b)})
			}
		}
	}
	// Surnames several people carry.
	full := map[string][]rootRow{}
	for _, r := range roots {
		if r.typ == "PERSON" && r.wordsCount >= 2 {
			s := r.norm[strings.LastIndex(r.norm, " ")+1:]
			full[s] = append(full[s], r)
		}
	}
	for _, r := range roots {
		if r.typ != "PERSON" || r.wordsCount != 1 || len(full[r.norm]) < 2 {
			continue
		}
		names := []string{r.name}
		for _, f := range full[r.norm] {
			names = append(names, f.name)
		}
		out = append(out, Finding{Kind: "duplicate", Entities: names,
			Reason: fmt.Sprintf("%d people have the surname %q", len(full[r.norm]), r.name), Fix: fmt.Sprintf("newsgraph merge %q %q", full[r.norm][0].name, r.name)})
	}
	// Surname merges made when one person had the surname, if more have it
	// now.
	mr, err := db.sql.QueryContext(ctx, `SELECT m.id, t.name, s.name, s.norm FROM merges m
		JOIN entities t ON t.id = m.target_id JOIN entities s ON s.id = m.source_id
		WHERE m.rule = 'surname' AND m.undone_at IS NULL AND s.merged_into = t.id`)
	if err != nil {
		return nil, err
	}
	for mr.Next() {
		var id int64
		var target, source, norm string
		if err := mr.Scan(&id, &target, &source, &norm); err != nil {
			mr.Close()
			return nil, err
		}
		if fs := full[norm]; len(fs) >= 2 {
			var others []string
			for _, f := range fs {
				if f.name != target {
					others = append(others, f.name)
				}
			}
			out = append(out, Finding{Kind: "wrong-merge", Entities: append([]string{target, source}, others...),
				Reason: fmt.Sprintf("%q was merged as the only person named so (merge %d); now %s also carries it", source, id, strings.Join(others, ", ")),
				Fix:    fmt.Sprintf("newsgraph split %q", source)})
		}
	}
	mr.Close()
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind > out[j].Kind }) // wrong merges first
	return out, mr.Err()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
