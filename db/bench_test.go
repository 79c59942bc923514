package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/internal/wiregen"
)

// BenchmarkStoreBatch stores 2,000 synthetic wire articles (wiregen,
// extracted before the clock starts) into an empty database, with 1 to
// 256 articles per transaction: storing alone, without extraction, to
// choose ingest's batch size (docs/PERFORMANCE.md, "Ingest").
//
//	go test ./db -run XXX -bench StoreBatch -benchtime 1x -count 6
func BenchmarkStoreBatch(b *testing.B) {
	const n = 2000
	g := wiregen.New(7)
	x := extract.New()
	arts := make([]newsgraph.Article, n)
	exs := make([]newsgraph.Extraction, n)
	words := 0
	for i := range arts {
		w := g.Next()
		arts[i] = newsgraph.Article{Source: "bench", ExternalID: w.ID, Title: w.Title, Date: w.Date, Text: w.Text}
		exs[i] = x.Extract(arts[i])
		words += len(strings.Fields(w.Text))
	}
	ctx := context.Background()
	for _, size := range []int{1, 4, 16, 64, 256} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				store, err := db.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var batch *db.Batch
				for i := range arts {
					if batch == nil {
						if batch, err = store.Begin(ctx); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := batch.Store(ctx, arts[i], exs[i]); err != nil {
						b.Fatal(err)
					}
					if batch.Len() == size || i == len(arts)-1 {
						if err := batch.Commit(); err != nil {
							b.Fatal(err)
						}
						batch = nil
					}
				}
				b.StopTimer()
				store.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
