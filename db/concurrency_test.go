package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// TestSingleWriterWaits: a second Open with SingleWriter waits, saying so
// once, until the first closes; one whose context ends stops waiting.
func TestSingleWriterWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	ctx := context.Background()
	first, err := db.Open(ctx, path, db.SingleWriter(func() { t.Error("the first writer waited") }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-lock"); err != nil {
		t.Fatalf("no lock file: %v", err)
	}

	// A writer whose context ends while it waits gives up with ctx's error.
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if s, err := db.Open(short, path, db.SingleWriter(nil)); !errors.Is(err, context.DeadlineExceeded) {
		if s != nil {
			s.Close()
		}
		t.Errorf("Open with an ended context while another writer holds the lock: %v", err)
	}

	waiting := make(chan struct{})
	var waits atomic.Int32
	opened := make(chan *db.DB)
	go func() {
		s, err := db.Open(ctx, path, db.SingleWriter(func() {
			if waits.Add(1) == 1 {
				close(waiting)
			}
		}))
		if err != nil {
			t.Error(err)
		}
		opened <- s
	}()
	select {
	case <-waiting:
	case s := <-opened:
		s.Close()
		t.Fatal("the second writer did not wait")
	case <-time.After(10 * time.Second):
		t.Fatal("the second writer neither waited nor opened")
	}
	a, ex := namesArticle(1, "Anna Berg")
	if _, err := first.StoreArticle(ctx, a, ex); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-opened:
		s.Close()
		t.Fatal("the second writer opened while the first held the lock")
	case <-time.After(200 * time.Millisecond):
	}
	first.Close()
	select {
	case second := <-opened:
		if second == nil {
			return
		}
		defer second.Close()
		var n int
		second.SQL().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&n)
		if n != 1 || waits.Load() != 1 {
			t.Errorf("%d articles seen, onWait called %d times", n, waits.Load())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second writer still waits after the first closed")
	}
}
