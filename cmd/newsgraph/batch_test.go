package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// An article that fails to store inside a batch is reported by its record
// and costs the others of its batch nothing; the summary counts each
// article once, after its batch commits.
func TestBatcherKeepsOthers(t *testing.T) {
	for _, c := range []struct {
		name  string
		batch int
		bad   []int
	}{
		{"one batch, none failing", 64, nil},
		{"one batch, first and last failing", 64, []int{0, 9}},
		{"batches of 3, middle failing", 3, []int{4, 5}},
		{"batches of 1", 1, []int{2}},
		{"every article failing", 4, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(n int) { batchArticles = n }(batchArticles)
			batchArticles = c.batch
			ctx := context.Background()
			store, err := db.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			var sum ingestSummary
			w := newBatcher(ctx, store, &sum)
			for i := range 10 {
				name := fmt.Sprintf("Person%d Surname", i%4)
				art := newsgraph.Article{Source: "feed.jsonl", ExternalID: fmt.Sprintf("k%d", i), Line: i + 1, Text: fmt.Sprintf("Report %d: %s spoke.", i, name)}
				ex := newsgraph.Extraction{Mentions: []newsgraph.Mention{{Start: 10, End: 10 + len(name), Text: name, Type: newsgraph.Person, Canonical: name}}}
				if slices.Contains(c.bad, i) {
					ex.Relations = []newsgraph.Relation{{Subject: 0, Object: 3, Type: newsgraph.MeetsWith, Confidence: 0.9, Rule: "test"}}
				}
				w.add(record("feed.jsonl", i+1, art), art, ex)
			}
			w.commit()
			good := 10 - len(c.bad)
			if sum.Articles != 10 || sum.New != good || sum.Failed != len(c.bad) || sum.stop != nil {
				t.Errorf("summary %+v, want 10 articles, %d new, %d failed", sum, good, len(c.bad))
			}
			for k, i := range c.bad {
				want := fmt.Sprintf("feed.jsonl:%d (id \"k%d\"): relation meets_with: mention index out of range", i+1, i)
				if k >= len(sum.Errors) || sum.Errors[k] != want {
					t.Errorf("error %d: %q, want %q", k, sum.Errors, want)
				}
			}
			var stored, people int
			store.SQL().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&stored)
			store.SQL().QueryRow(`SELECT COUNT(*) FROM entities`).Scan(&people)
			wantPeople := 0
			for p := range 4 {
				for i := p; i < 10; i += 4 {
					if !slices.Contains(c.bad, i) {
						wantPeople++
						break
					}
				}
			}
			if stored != good || people != wantPeople {
				t.Errorf("%d articles and %d entities stored, want %d and %d", stored, people, good, wantPeople)
			}
			if strings.Contains(strings.Join(sum.Errors, "\n"), "constraint") {
				t.Errorf("an entity of a failed article was used after it: %q", sum.Errors)
			}
		})
	}
}
