package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
	"github.com/newsgraph/newsgraph/internal/wiregen"
)

// Benchmarks of ingest, whole (reading, extraction on every core, storing),
// in this process, as `newsgraph ingest` runs them. docs/PERFORMANCE.md
// ("Ingest") has the commands, the figures and the machine:
//
//	go test ./cmd/newsgraph -run XXX -bench 'Ingest' -benchtime 1x -count 6 | tee new.txt
//	benchstat old.txt new.txt

// realCorpus lists the real-article corpus: CoNLL-2003's train and dev
// articles and DWIE's dev articles, as JSON Lines, from ../shared/data.
// It skips the benchmark when they are absent.
func realCorpus(b *testing.B) ([]string, int) {
	files := []string{
		"../../../shared/data/conll2003/train_docs.jsonl",
		"../../../shared/data/conll2003/dev_docs.jsonl",
		"../../../shared/data/dwie/dev.jsonl",
	}
	words := 0
	for _, f := range files {
		n, err := countWords(f)
		if err != nil {
			b.Skipf("the real-article corpus is not here (%v): see ../shared/data/README.md", err)
		}
		words += n
	}
	return files, words
}

// countWords counts the words (as strings.Fields splits them) of the text
// of each record of a JSON Lines file.
func countWords(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	words := 0
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		words += len(strings.Fields(r.Text))
	}
	return words, sc.Err()
}

// benchIngest runs `newsgraph --db path ingest --format jsonl files...` in
// this process and fails unless it succeeds.
func benchIngest(b *testing.B, path string, files ...string) string {
	var out, errOut strings.Builder
	args := append([]string{"--db", path, "ingest", "--format", "jsonl"}, files...)
	if code := run(args, strings.NewReader(""), &out, &errOut); code != 0 {
		b.Fatalf("ingest: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	return out.String()
}

// BenchmarkIngestCorpus ingests the real-article corpus (1,260 articles,
// 276,000 words) into an empty database, and into an archive of 100,000
// entities and 500,000 relations (archiveDB, built once, about two
// minutes, and copied before each run): words/s, and the archive's time
// over the empty database's in docs/PERFORMANCE.md.
func BenchmarkIngestCorpus(b *testing.B) {
	files, words := realCorpus(b)
	for _, c := range []struct {
		name string
		from func(b *testing.B) string // the database to copy, "" for none
	}{
		{"empty", func(*testing.B) string { return "" }},
		{"archive", func(b *testing.B) string { return archiveDB(b) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			from := c.from(b) // built once: not timed
			var cpu time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "bench.db")
				if from != "" {
					for _, suffix := range []string{"", "-wal"} {
						if err := copyDB(from+suffix, path+suffix); err != nil && suffix == "" {
							b.Fatal(err)
						}
					}
				}
				b.StartTimer()
				start := cpuTime()
				benchIngest(b, path, files...)
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkIngestGrowth ingests a synthetic archive of 20,000 wire
// articles (internal/wiregen, seed 1: heavy-tailed names, new ones all
// along) into an empty database in two halves, and reports the words/s of
// each half and the second's over the first's (growth): how much slower
// ingest becomes as the archive grows. The goal is a growth of 0.8 or more.
func BenchmarkIngestGrowth(b *testing.B) {
	const articles = 20000
	dir := b.TempDir()
	halves := [2]string{filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")}
	g := wiregen.New(1)
	for _, h := range halves {
		f, err := os.Create(h)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		if err := g.WriteJSONL(w, articles/2); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	var words [2]int
	for i, h := range halves {
		n, err := countWords(h)
		if err != nil {
			b.Fatal(err)
		}
		words[i] = n
	}
	var took [2]time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "bench.db")
		for k, h := range halves {
			start := time.Now()
			benchIngest(b, path, h)
			took[k] += time.Since(start)
		}
	}
	first := float64(words[0]) * float64(b.N) / took[0].Seconds()
	second := float64(words[1]) * float64(b.N) / took[1].Seconds()
	b.ReportMetric(first, "words/s-first")
	b.ReportMetric(second, "words/s-second")
	b.ReportMetric(second/first, "growth")
	if second/first < 0.8 {
		b.Logf("growth %.2f: below the goal of 0.8", second/first)
	}
}

// BenchmarkExtractWorkers runs `newsgraph extract --workers N` on the
// real-article corpus in this process, with 1 and 2 workers: the goal is
// 2 at least 1.8 times as fast as 1 (docs/PERFORMANCE.md, "Ingest"). The
// models are loaded before the clock starts, as a long run amortises them.
func BenchmarkExtractWorkers(b *testing.B) {
	files, words := realCorpus(b)
	// extract reads one input: the corpus as one file.
	all := filepath.Join(b.TempDir(), "corpus.jsonl")
	var corpus []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		corpus = append(corpus, data...)
	}
	if err := os.WriteFile(all, corpus, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, workers := range []string{"1", "2"} {
		b.Run("workers="+workers, func(b *testing.B) {
			extract := func(input string) {
				var errOut strings.Builder
				if code := run([]string{"extract", "--format", "jsonl", "--workers", workers, input}, strings.NewReader(""), io.Discard, &errOut); code != 0 {
					b.Fatalf("extract: exit %d %s", code, errOut.String())
				}
			}
			extract(files[len(files)-1]) // loads the models
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				extract(all)
			}
			b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}

// BenchmarkStoreCorpus stores the real-article corpus, extracted before
// the clock starts, with ingest's writer (batcher; the database opened
// and closed inside the clock): the time of the one goroutine that
// writes, which ingest's wall time cannot go under whatever extraction
// costs (docs/PERFORMANCE.md, "Ingest").
func BenchmarkStoreCorpus(b *testing.B) {
	files, words := realCorpus(b)
	x := extract.New()
	var arts []newsgraph.Article
	var exs []newsgraph.Extraction
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		err = input.ReadEach(f, in, input.ReadOptions{Format: input.FormatJSONL}, func(a newsgraph.Article) error {
			arts, exs = append(arts, a), append(exs, x.Extract(a))
			return nil
		})
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "bench.db")
		runtime.GC() // the extraction's garbage is not the writer's
		b.StartTimer()
		start := cpuTime()
		store, err := db.Open(ctx, path, db.SingleWriter(nil)) // as ingest opens it
		if err != nil {
			b.Fatal(err)
		}
		var sum ingestSummary
		w := newBatcher(ctx, store, &sum) // ingest's writer
		for i := range arts {
			w.add(fmt.Sprint("article ", i+1), arts[i], exs[i])
		}
		w.commit()
		if err := store.Close(); err != nil {
			b.Fatal(err)
		}
		if sum.New != len(arts) {
			b.Fatalf("%d of %d articles stored: %v", sum.New, len(arts), sum.Errors)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
	reportCPU(b, cpu)
}

// reportCPU reports the processor time a run took, where it is known.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}

func copyDB(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// On the disk before the clock starts, as an archive is: else the
	// ingest's first fsync (at its checkpoint) waits for the whole copy.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
