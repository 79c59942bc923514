package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
)

type ingestOptions struct {
	format  string
	date    string
	maxSize sizeFlag
	models  modelFlags
	workers int
}

// ingestSummary is the --json output of ingest (fields are only added).
type ingestSummary struct {
	Files     int      `json:"files"`
	Articles  int      `json:"articles"`
	New       int      `json:"new"`
	Duplicate int      `json:"duplicates"`
	Failed    int      `json:"failed"`
	Entities  int      `json:"entities"`
	Relations int      `json:"relations"`
	Errors    []string `json:"errors"`
	// Interrupted names the signal that stopped the ingest ("SIGINT").
	Interrupted string `json:"interrupted,omitempty"`

	// stop is a fault of the database file (read-only, damaged, full):
	// ingest stops there, since every later article would meet it too.
	stop   error
	stopAt string // the article it stopped at (record)
	stopN  int    // its entry in Errors, told last rather than in the list
}

func newIngestCmd(a *app) *cobra.Command {
	var o ingestOptions
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read articles (text, HTML, JSON Lines; files, directories or - for stdin) into the database",
		Example: `  newsgraph ingest articles/
  newsgraph ingest --format jsonl feed.jsonl
  newsgraph ingest --model my.model --confidences my.tsv articles/
  curl -s https://example.org/story.html | newsgraph ingest --format html -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIngest(cmd.Context(), a, o, args)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "auto", "input format: auto, text, html or jsonl")
	cmd.Flags().StringVar(&o.date, "date", "", "publication date (YYYY-MM-DD) for articles that give none")
	registerMaxArticleSize(cmd.Flags(), &o.maxSize)
	o.models.register(cmd.Flags())
	o.models.registerConfidences(cmd.Flags())
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print the summary as JSON")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "articles extracted side by side (default: the number of CPUs); the database is the same for any number")
	return cmd
}

func runIngest(ctx context.Context, a *app, o ingestOptions, args []string) error {
	format, err := input.ParseFormat(o.format)
	if err != nil {
		return &userError{err.Error()}
	}
	ropt := input.ReadOptions{Format: format, MaxArticleSize: o.maxSize.limit()}
	if o.date != "" {
		if ropt.Date, err = input.NormalizeDate(o.date); err != nil {
			return &userError{"--date: " + err.Error()}
		}
	}
	p, err := o.models.pipeline() // before the database: a bad model stores nothing
	if err != nil {
		return err
	}
	p.workers = o.workers
	files, sum := collectInputs(args)
	// SIGINT or SIGTERM ends ctx: the article being stored is finished
	// (stores run with a context that does not end), then the summary.
	ctx, intr := onInterrupt(ctx, func(s os.Signal) {
		fmt.Fprintf(a.errOut, "newsgraph: %s: finishing the article being stored, then stopping (again to stop at once)\n", signalName(s))
	})
	defer intr.stop()
	store, err := a.open(ctx) // waits while another newsgraph writes to the file
	if err != nil {
		if intr.signal() == nil {
			return err
		}
		sum.Files = len(files) // interrupted while waiting: nothing read
		return reportIngest(a, sum, intr)
	}
	defer store.Close()

	p.progress = newProgress(a, "ingesting", files)
	w := newBatcher(ctx, store, &sum)
	for _, f := range files {
		if sum.stop != nil || ctx.Err() != nil {
			break
		}
		ingestFile(ctx, a, w, p, f, ropt)
		p.progress.doneInput()
	}
	w.commit() // the last batch, or the one a signal cut short
	p.progress.articles(sum.Articles, sum.Duplicate, sum.Failed)
	p.progress.finish() // before the summary and the errors
	sum.Files = len(files)
	return reportIngest(a, sum, intr)
}

// reportIngest prints the summary (JSON with --json) and the errors, and
// returns the exit status: 128 plus the signal's number when a signal
// stopped the ingest, 1 when the database or any input failed.
func reportIngest(a *app, sum ingestSummary, intr *interrupt) error {
	if s := intr.signal(); s != nil {
		sum.Interrupted = signalName(s)
	}
	if a.jsonOut {
		if sum.Errors == nil {
			sum.Errors = []string{}
		}
		enc := json.NewEncoder(a.out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		for i, e := range sum.Errors {
			if sum.stop == nil || i != sum.stopN { // the fault is told last, once
				fmt.Fprintln(a.errOut, "error:", e)
			}
		}
		fmt.Fprintf(a.out, "%d files, %d articles read: %d new, %d duplicates, %d failed; %d new entities, %d new relations in %s\n",
			sum.Files, sum.Articles, sum.New, sum.Duplicate, sum.Failed, sum.Entities, sum.Relations, a.dbPath)
	}
	switch {
	case sum.stop != nil:
		return &exitError{code: 1, msg: fmt.Sprintf("ingest stopped at %s (those stored before it are kept): %v", sum.stopAt, dbError(sum.stop, true))}
	case sum.Interrupted != "":
		return &exitError{code: intr.exitCode(), msg: fmt.Sprintf("ingest stopped by %s: each article read before it is stored whole (or failed, as reported) and nothing of the others; run the same ingest again to store the rest, since those stored are skipped as duplicates", sum.Interrupted)}
	case sum.Failed > 0 && sum.New+sum.Duplicate == 0:
		return &exitError{code: 1, msg: fmt.Sprintf("%d input(s) failed; nothing was stored", sum.Failed)}
	case sum.Failed > 0:
		return &exitError{code: 1, msg: fmt.Sprintf("%d input(s) failed; the other %d article(s) were stored (%d of them already)", sum.Failed, sum.New+sum.Duplicate, sum.Duplicate)}
	}
	return nil
}

// collectInputs expands directories (recursively, skipping hidden files
// and directories) into files. Symbolic links are followed, to files and
// to directories, each directory read once; a link back into a directory
// being read (a loop), a broken link, and what is neither a file nor a
// directory (a socket, a device) inside a directory are reported, as are
// paths that do not exist.
func collectInputs(args []string) ([]string, ingestSummary) {
	var sum ingestSummary
	var files []string
	fail := func(path, reason string) {
		sum.Failed++
		sum.Errors = append(sum.Errors, fmt.Sprintf("%s: %s", path, reason))
	}
	for _, p := range args {
		if p == "-" {
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			fail(p, pathReason(err))
			continue
		}
		if !info.IsDir() {
			files = append(files, p) // a file, a device (refused if not text), a link to one
			continue
		}
		var found []string
		walkInputs(p, nil, map[string]bool{}, &found, fail)
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, sum
}

// walkInputs appends the files under dir to found, following symbolic
// links. within are the real paths of the directories being read around
// dir, done those read already.
func walkInputs(dir string, within []string, done map[string]bool, found *[]string, fail func(path, reason string)) {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		fail(dir, pathReason(err))
		return
	}
	if slices.Contains(within, real) {
		fail(dir, fmt.Sprintf("symbolic link loop (it leads back to %s, which is being read): not followed", real))
		return
	}
	if done[real] {
		return // read already, through another link
	}
	done[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(dir, pathReason(err)) // the entries read before the error are still read
	}
	within = append(within, real)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				fail(path, "broken symbolic link: "+pathReason(err))
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			walkInputs(path, within, done, found, fail)
		case typ.IsRegular():
			*found = append(*found, path)
		default:
			fail(path, "not a regular file: skipped")
		}
	}
}

// pathReason is what went wrong with a path, without the path: the error
// an *fs.PathError wraps.
func pathReason(err error) string {
	if u := errors.Unwrap(err); u != nil {
		return u.Error()
	}
	return err.Error()
}

// ingestFile reads, extracts and stores the articles of one input, in
// w's batches. When ctx ends it stops before the next article.
func ingestFile(ctx context.Context, a *app, w *batcher, p pipeline, path string, ropt input.ReadOptions) {
	sum := w.sum
	var r io.Reader
	if path == "-" {
		r = a.in
	} else {
		f, err := os.Open(path)
		if err != nil {
			sum.Failed++
			sum.Errors = append(sum.Errors, fmt.Sprintf("%s: %v", path, errors.Unwrap(err)))
			return
		}
		defer f.Close()
		r = f
	}
	r = p.progress.reader(r)
	ingestReader(ctx, w, p, path, r, ropt)
}

// pipeline is an extractor with the description of its models that each
// article it extracts is stored with.
type pipeline struct {
	x       *extract.Extractor
	models  string
	workers int // extractions side by side; 0: the number of CPUs

	// progress shows the bytes read and the articles stored; nil: none.
	progress *progress
}

func (p pipeline) extract(art newsgraph.Article) newsgraph.Extraction {
	ex := p.x.Extract(art)
	ex.Models = p.models
	return ex
}

// errStop ends reading an input at a fault of the database (sum.stop).
var errStop = errors.New("stop: the database is at fault")

// ingestReader reads, extracts and stores the articles of one input named
// name in w's batches, counting what happened in w.sum. When ctx ends (a
// signal), it stops before the next article; the one being stored is
// finished, with a context that does not end, and the batch is committed
// by the caller, so that the summary counts them.
func ingestReader(ctx context.Context, w *batcher, p pipeline, name string, r io.Reader, ropt input.ReadOptions) {
	store, sum := w.store, w.sum
	in := newCancelableReader(ctx, r)
	storeCtx := context.WithoutCancel(ctx)
	// One goroutine reads and looks each article up by its hash, the
	// workers extract, and this one stores the articles in input order:
	// the database is the same as one article after another would make,
	// whatever the batches.
	type item struct {
		n   int // the article's number in this input
		art newsgraph.Article
		dup bool
		err error
		ex  newsgraph.Extraction
	}
	index, err := store.ArticleIndex(storeCtx)
	if err != nil {
		sum.Failed++
		sum.Errors = append(sum.Errors, fmt.Sprintf("%s: %v", name, err))
		return
	}
	defer index.Close()
	pool := newOrdered[item](p.workers)
	stopped := &w.stopped // the writer stopped at a fault of the file
	go func() {
		defer pool.close()
		n := 0
		err = input.ReadEach(name, in, ropt, func(art newsgraph.Article) error {
			if ctx.Err() != nil {
				return errInterrupted
			}
			if stopped.Load() {
				return errStop
			}
			n++
			// A stored article is known by its hash before it is
			// extracted. Only this process writes the file (the writer
			// lock); one stored since is found a duplicate when stored.
			dup, herr := index.Has(storeCtx, art.Text)
			if herr != nil || dup {
				pool.ready(item{n: n, art: art, dup: dup, err: herr})
				return nil
			}
			n := n // read by the worker, after the next article has moved it on
			pool.submit(func() item { return item{n: n, art: art, ex: p.extract(art)} })
			return nil
		})
	}()
	// A batch commits when full, when old enough, and when the input is
	// slow to give the next article.
	for it := range pool.resultsBy(w.deadline, w.commit) {
		if stopped.Load() || ctx.Err() != nil {
			continue // read before the stop or the signal: not stored, not counted
		}
		switch {
		case it.dup:
			w.count(db.StoreResult{Duplicate: true})
		case db.ErrorCode(it.err) != "":
			w.commit()
			if sum.stop == nil {
				w.stopAt(record(name, it.n, it.art), it.err)
			}
		case it.err != nil:
			w.failed(record(name, it.n, it.art), it.err)
		default:
			w.add(record(name, it.n, it.art), it.art, it.ex)
		}
		p.progress.articles(sum.Articles, sum.Duplicate, sum.Failed)
	}
	for _, e := range flatten(err) {
		if errors.Is(e, errStop) || errors.Is(e, errInterrupted) {
			continue
		}
		// What the interruption cut is not the input's fault: the record
		// being received (its line ends after the last line end read) or,
		// in other formats, the input read in part.
		var ie *input.Error
		if in.cut && errors.As(e, &ie) && (ie.Line == 0 || ie.Line > in.lines) {
			continue
		}
		sum.Failed++
		sum.Errors = append(sum.Errors, e.Error())
	}
}

// flatten lists the errors errors.Join joined in err, however nested.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// record names an article of the input name in messages: its line in
// JSON Lines, else its place in the input, with its id and title where it
// has them: `feed.jsonl:12 (id "k1", "Talks in Paris")`,
// `article 2 of notes.txt ("Talks in Paris")`.
func record(name string, n int, art newsgraph.Article) string {
	s := fmt.Sprintf("article %d of %s", n, name)
	if art.Line > 0 {
		s = fmt.Sprintf("%s:%d", name, art.Line)
	}
	var what []string
	if art.ExternalID != "" {
		what = append(what, fmt.Sprintf("id %q", art.ExternalID))
	}
	if t := []rune(art.Title); len(t) > 80 {
		what = append(what, fmt.Sprintf("%q", string(t[:77])+"..."))
	} else if len(t) > 0 {
		what = append(what, fmt.Sprintf("%q", art.Title))
	}
	if len(what) > 0 {
		s += " (" + strings.Join(what, ", ") + ")"
	}
	return s
}
