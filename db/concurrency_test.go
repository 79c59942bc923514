package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// namesArticle is an article naming people, the first of whom meets the
// others, with its extraction.
func namesArticle(n int, people ...string) (newsgraph.Article, newsgraph.Extraction) {
	text := fmt.Sprintf("Report %d:", n)
	var ex newsgraph.Extraction
	for i, p := range people {
		start := len(text) + 1
		text += " " + p + "."
		ex.Mentions = append(ex.Mentions, newsgraph.Mention{Start: start, End: start + len(p), Text: p, Type: newsgraph.Person, Canonical: p})
		if i > 0 {
			ex.Relations = append(ex.Relations, newsgraph.Relation{Subject: 0, Type: "meets_with", Object: i, Evidence: text, Confidence: 0.9, Rule: "test"})
		}
	}
	return newsgraph.Article{Source: "test", Text: text}, ex
}

// TestConcurrentWritersWait: two handles on one file (as two processes
// would have; the single-writer lock is not taken) store articles at the
// same time. Every write transaction begins IMMEDIATE, so each waits for
// the other's (busy_timeout) instead of failing with "database is locked"
// when a transaction that began by reading tries to write.
func TestConcurrentWritersWait(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	ctx := context.Background()
	var stores [2]*db.DB
	for i := range stores {
		s, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	const each = 60
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := w*each + i
				// Shared names: both writers find and create the same entities.
				a, ex := namesArticle(n, fmt.Sprintf("Person%d Shared", n%7), fmt.Sprintf("Other%d Name", n%5), "Anna Berg")
				if _, err := s.StoreArticle(ctx, a, ex); err != nil {
					errs <- fmt.Errorf("writer %d, article %d: %w", w, n, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var articles, dupNames int
	stores[0].SQL().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&articles)
	stores[0].SQL().QueryRow(`SELECT COUNT(*) FROM (SELECT name FROM entities GROUP BY name, type HAVING COUNT(*) > 1)`).Scan(&dupNames)
	if articles != 2*each || dupNames != 0 {
		t.Errorf("%d articles stored (want %d), %d names stored twice", articles, 2*each, dupNames)
	}
}
