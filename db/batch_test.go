package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/internal/dbtest"
)

// batchArticles are articles whose entities recur and resolve into each
// other (a full name, then its surname alone; two people sharing a
// surname), so that a cache that kept an id from a rolled-back article, or
// a merge applied out of order, shows in the contents. bad lists the
// articles given a relation to a mention that does not exist: storing
// them fails.
func batchArticles(n int, bad ...int) ([]newsgraph.Article, []newsgraph.Extraction) {
	people := []string{"Olaf Scholz", "Scholz", "Angela Merkel", "Merkel", "Ruth Merkel", "Joe Biden", "Biden", "Emmanuel Macron"}
	var arts []newsgraph.Article
	var exs []newsgraph.Extraction
	for i := range n {
		// New names in failing articles too: their entities must vanish
		// with them, and be created again by a later article.
		a, ex := namesArticle(i, people[i%len(people)], people[(i*3+1)%len(people)], fmt.Sprintf("Person %d", i%5))
		if slices.Contains(bad, i) {
			ex.Relations = append(ex.Relations, newsgraph.Relation{Subject: 0, Object: 9, Type: newsgraph.MeetsWith, Confidence: 0.5, Rule: "test"})
		}
		arts, exs = append(arts, a), append(exs, ex)
	}
	return arts, exs
}

// TestBatchSameAsOneByOne: articles stored in batches, some of them
// failing inside a batch, give the database that storing each in its own
// transaction gives, ids included; each failing article leaves nothing
// and costs its batch nothing else.
func TestBatchSameAsOneByOne(t *testing.T) {
	ctx := context.Background()
	arts, exs := batchArticles(40, 0, 5, 6, 13, 39)
	dir := t.TempDir()
	one := MustOpenAt(t, filepath.Join(dir, "one.db"))
	failed := 0
	for i := range arts {
		if _, err := one.StoreArticle(ctx, arts[i], exs[i]); err != nil {
			failed++
		}
	}
	one.Close()
	if failed != 5 {
		t.Fatalf("%d articles failed one by one, want 5", failed)
	}
	want := dbtest.Dump(t, filepath.Join(dir, "one.db"))
	for _, size := range []int{1, 3, 8, 40} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.db")
			store := MustOpenAt(t, path)
			var b *db.Batch
			failed := 0
			for i := range arts {
				if b == nil {
					var err error
					if b, err = store.Begin(ctx); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := b.Store(ctx, arts[i], exs[i]); err != nil {
					if db.ErrorCode(err) != "" {
						t.Fatalf("article %d: %v", i, err)
					}
					failed++
				}
				if b.Len() == size || i == len(arts)-1 {
					if err := b.Commit(); err != nil {
						t.Fatal(err)
					}
					b = nil
					checkFactRows(t, store, fmt.Sprintf("batch ending at article %d", i))
				}
			}
			store.Close()
			if failed != 5 {
				t.Errorf("%d articles failed in batches, want 5", failed)
			}
			sameTables(t, dbtest.Dump(t, path), want)
			dbtest.CheckFTS(t, path)
		})
	}
}

// sameTables reports the tables whose rows differ.
func sameTables(t *testing.T, got, want map[string][]string) {
	t.Helper()
	for table, w := range want {
		if g := got[table]; !slices.Equal(g, w) {
			t.Errorf("table %s: %d rows, want %d\n got %.300q\nwant %.300q", table, len(g), len(w), g, w)
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("table %s not wanted", table)
		}
	}
}

// TestBatchRollbackForgetsEntities: a batch rolled back, after storing
// articles that created entities and found others, leaves the database's
// entity cache as it was: the same names stored again are created again,
// with the ids a database that never saw the batch gives.
func TestBatchRollbackForgetsEntities(t *testing.T) {
	ctx := context.Background()
	arts, exs := batchArticles(12)
	dir := t.TempDir()
	clean := MustOpenAt(t, filepath.Join(dir, "clean.db"))
	rolled := MustOpenAt(t, filepath.Join(dir, "rolled.db"))
	for _, store := range []*db.DB{clean, rolled} {
		for i := range 4 {
			if _, err := store.StoreArticle(ctx, arts[i], exs[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := rolled.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4; i < 12; i++ {
		if _, err := b.Store(ctx, arts[i], exs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Rollback(); err != nil {
		t.Fatal(err)
	}
	// Other articles naming the same people, stored one by one.
	more, moreEx := batchArticles(30)
	for _, store := range []*db.DB{clean, rolled} {
		for i := 12; i < 30; i++ {
			if _, err := store.StoreArticle(ctx, more[i], moreEx[i]); err != nil {
				t.Fatalf("article %d after the rollback: %v", i, err)
			}
		}
	}
	clean.Close()
	rolled.Close()
	sameTables(t, dbtest.Dump(t, filepath.Join(dir, "rolled.db")), dbtest.Dump(t, filepath.Join(dir, "clean.db")))
	dbtest.CheckFTS(t, filepath.Join(dir, "rolled.db"))
}

// TestBatchOnFullDisk: once the file cannot grow (PRAGMA max_page_count
// stands in for a full disk), storing in a batch fails with EFull and the
// batch is lost whole: Commit fails with the same error, and the database
// holds what it held before the batch, whole, with its fact rows right and
// its entity cache in step: the articles stored again one by one, as
// ingest does then, are stored whole until the disk is full.
func TestBatchOnFullDisk(t *testing.T) {
	ctx := context.Background()
	article := func(i int) (newsgraph.Article, newsgraph.Extraction) {
		return namesArticle(i, fmt.Sprintf("Person%d Name%d", i%7, i%7), strings.Repeat("Long Name ", 20)+fmt.Sprint(i))
	}
	for _, extra := range []int{20, 29, 38} {
		store := MustOpenAt(t, filepath.Join(t.TempDir(), "full.db"))
		store.SQL().SetMaxOpenConns(1) // the pragma is the connection's
		for i := range 3 {
			a, ex := article(i)
			if _, err := store.StoreArticle(ctx, a, ex); err != nil {
				t.Fatal(err)
			}
		}
		var pages int
		if err := store.SQL().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if _, err := store.SQL().Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+extra)); err != nil {
			t.Fatal(err)
		}
		b, err := store.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inBatch := 0
		for i := 3; i < 1000 && err == nil; i++ {
			a, ex := article(i)
			if _, err = b.Store(ctx, a, ex); err == nil {
				inBatch++
			}
		}
		if db.ErrorCode(err) != db.EFull || b.Lost() == nil {
			t.Fatalf("after %d articles: %v (code %q), lost %v", inBatch, err, db.ErrorCode(err), b.Lost())
		}
		if err := b.Commit(); db.ErrorCode(err) != db.EFull {
			t.Fatalf("commit of a lost batch: %v", err)
		}
		check := func(want int) {
			t.Helper()
			var articles, partial int
			var ok string
			store.SQL().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&articles)
			store.SQL().QueryRow(`SELECT COUNT(*) FROM articles a WHERE (SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.id) <> 2`).Scan(&partial)
			store.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
			if articles != want || partial != 0 || ok != "ok" {
				t.Errorf("limit +%d pages: %d articles in the file, want %d; %d without their two mentions; integrity_check %q", extra, articles, want, partial, ok)
			}
			checkFactRows(t, store, fmt.Sprintf("limit +%d pages", extra))
		}
		check(3)
		stored := 3
		for i := 3; i < 1000; i++ {
			a, ex := article(i)
			if _, err = store.StoreArticle(ctx, a, ex); err != nil {
				break
			}
			stored++
		}
		if db.ErrorCode(err) != db.EFull || stored == 3 {
			t.Errorf("limit +%d pages, one by one after the batch: %d stored, then %v", extra, stored-3, err)
		}
		check(stored)
		t.Logf("limit +%d pages: %d articles in the lost batch, then %d stored one by one", extra, inBatch, stored-3)
		store.Close()
	}
}

// Rows another program inserts are listed for the full-text indexes
// (fts_pending) rather than indexed; newsgraph indexes them as it next
// opens the database for writing, and indexes its own before each commit.
func TestFTSPendingIndexed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fts.db")
	store := MustOpenAt(t, path)
	a, ex := namesArticle(1, "Olaf Scholz", "Joe Biden")
	if _, err := store.StoreArticle(ctx, a, ex); err != nil {
		t.Fatal(err)
	}
	store.Close()
	dbtest.CheckFTS(t, path)
	dbtest.Exec(t, path, `INSERT INTO articles (id, source, hash, text, title) VALUES (100, 'other', 'h100', 'The quartermaster left.', 'Quartermaster')`)
	search := func(s *db.DB) int {
		_, arts, err := s.Search(ctx, "quartermaster", 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(arts)
	}
	ro, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if n := search(ro); n != 0 {
		t.Errorf("an article inserted by another program was found before newsgraph indexed it: %d", n)
	}
	ro.Close()
	store = MustOpenAt(t, path)
	var pending int
	store.SQL().QueryRow(`SELECT COUNT(*) FROM fts_pending`).Scan(&pending)
	if n := search(store); n != 1 || pending != 0 {
		t.Errorf("after opening for writing: %d found, %d rows still pending", n, pending)
	}
	b, _ := db.OpenReadOnly(ctx, path)
	defer b.Close()
	if _, arts, _ := b.Search(ctx, "scholz", 10); len(arts) != 1 {
		t.Errorf("the article newsgraph stored is not found: %d", len(arts))
	}
	store.Close()
	dbtest.CheckFTS(t, path)
}
