package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// How many articles ingest stores per transaction, at most, and for how
// long a transaction stays open, at most: whichever comes first ends it.
// Measured in docs/PERFORMANCE.md ("Ingest"): a second is as long as a
// look-up beside the ingest waits to see an article, or a crash can cost,
// and it is what ends most batches; the count bounds the memory a batch
// holds (its articles, stored again if one fails). On a small database
// storing gains nothing past 64 articles a transaction; on a growing
// archive each commit writes more pages that every batch changes (index
// pages spread over a larger file), and 1,024 stored the second 10,000
// synthetic articles at 48-53k words/s where 64 gave 38k.
var (
	batchArticles = 1024
	batchAge      = time.Second
)

// batcher stores the articles of an ingest in batches (db.Batch): many
// articles per transaction. An article counts in the summary once its
// batch has committed, so that the summary never counts an article the
// file does not hold.
//
//   - An article that fails is reported (naming its file and record) and
//     the batch goes on without it (db.Batch stores the others again).
//   - At a fault of the file (full, damaged, read-only, locked) the batch
//     is lost; its articles are stored again one per transaction, as
//     before batching, until the fault comes again: every article before
//     the stop is stored, the ingest stops at the one that met it (named),
//     and the rest are not counted, as articles read after a stop are not.
//
// A batch spans inputs: a directory of one-article files is batched too.
type batcher struct {
	ctx     context.Context // does not end: a batch begun is finished
	store   *db.DB
	sum     *ingestSummary
	b       *db.Batch
	pending []pendingArticle // stored in b, counted when it commits
	stopped atomic.Bool      // sum.stop is set: readers stop reading
}

type pendingArticle struct {
	rec string // the article in messages (record)
	art newsgraph.Article
	ex  newsgraph.Extraction
	res db.StoreResult
}

func newBatcher(ctx context.Context, store *db.DB, sum *ingestSummary) *batcher {
	return &batcher{ctx: context.WithoutCancel(ctx), store: store, sum: sum}
}

// add stores an article, named rec in messages, in the open batch,
// beginning one if none is open, and commits the batch when it is full
// or old enough.
func (w *batcher) add(rec string, art newsgraph.Article, ex newsgraph.Extraction) {
	if w.sum.stop != nil {
		return
	}
	if w.b == nil {
		b, err := w.store.Begin(w.ctx)
		if err != nil {
			w.stopAt(rec, err)
			return
		}
		w.b = b
	}
	res, err := w.b.Store(w.ctx, art, ex)
	switch {
	case db.ErrorCode(err) != "":
		w.commit() // lost: stores the batch again one by one, up to the fault
		if w.sum.stop == nil {
			w.stopAt(rec, err)
		}
	case err != nil:
		// Commit what the batch holds: a lost batch fails, and is stored
		// again one article at a time; else db.Batch has stored it again
		// without this article, and committing now keeps another failing
		// article from storing the same ones again (a batch holds up to
		// a second of articles).
		w.commit()
		if w.sum.stop == nil {
			w.failed(rec, err)
		}
	default:
		w.pending = append(w.pending, pendingArticle{rec, art, ex, res})
		if w.b.Len() >= batchArticles || w.b.Age() >= batchAge {
			w.commit()
		}
	}
}

// deadline is when the open batch must commit, even if no article comes
// meanwhile (the input is slow); zero when none is open.
func (w *batcher) deadline() time.Time {
	if w.b == nil || w.b.Len() == 0 {
		return time.Time{}
	}
	return time.Now().Add(batchAge - w.b.Age())
}

// commit commits the open batch and counts its articles; a batch that
// fails to commit is stored again one article per transaction.
func (w *batcher) commit() {
	if w.b == nil {
		return
	}
	b, pending := w.b, w.pending
	w.b, w.pending = nil, nil
	if err := b.Commit(); err != nil {
		w.replay(pending)
		return
	}
	for _, p := range pending {
		w.count(p.res)
	}
}

// replay stores articles of a lost batch one per transaction, until a
// fault of the file; those after it are not counted, as articles read
// after a stop are not.
func (w *batcher) replay(pending []pendingArticle) {
	for _, p := range pending {
		res, err := w.store.StoreArticle(w.ctx, p.art, p.ex)
		switch {
		case db.ErrorCode(err) != "":
			w.stopAt(p.rec, err)
			return
		case err != nil:
			w.failed(p.rec, err)
		default:
			w.count(res)
		}
	}
}

func (w *batcher) count(res db.StoreResult) {
	w.sum.Articles++
	if res.Duplicate {
		w.sum.Duplicate++
		return
	}
	w.sum.New++
	w.sum.Entities += res.Entities
	w.sum.Relations += res.Relations
}

func (w *batcher) failed(rec string, err error) {
	w.sum.Articles++
	w.sum.Failed++
	w.sum.Errors = append(w.sum.Errors, fmt.Sprintf("%s: %v", rec, err))
}

// stopAt stops the ingest at the article rec, for a fault of the file.
func (w *batcher) stopAt(rec string, err error) {
	w.sum.stop, w.sum.stopAt, w.sum.stopN = err, rec, len(w.sum.Errors)
	w.failed(rec, err)
	w.stopped.Store(true)
}
