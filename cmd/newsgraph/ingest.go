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
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/extract"
)

type ingestOptions struct {
	format  string
	date    string
	maxSize sizeFlag
	models  modelFlags
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

	// stop is a fault of the database file (read-only, damaged): ingest
	// stops there, since every later article would meet it too.
	stop   error
	stopAt string // the input and article it stopped at
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
	return cmd
}

func runIngest(ctx context.Context, a *app, o ingestOptions, args []string) error {
	format, err := extract.ParseFormat(o.format)
	if err != nil {
		return &userError{err.Error()}
	}
	ropt := extract.ReadOptions{Format: format, MaxArticleSize: o.maxSize.limit()}
	if o.date != "" {
		if ropt.Date, err = extract.NormalizeDate(o.date); err != nil {
			return &userError{"--date: " + err.Error()}
		}
	}
	p, err := o.models.pipeline() // before the database: a bad model stores nothing
	if err != nil {
		return err
	}
	files, sum := collectInputs(args)
	store, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	var bar *progressbar.ProgressBar
	if a.progress && !a.jsonOut && len(files) > 1 {
		bar = progressbar.NewOptions(len(files), progressbar.OptionSetWriter(a.errOut),
			progressbar.OptionSetDescription("ingesting"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
	}
	for _, f := range files {
		ingestFile(ctx, a, store, p, f, ropt, &sum)
		if bar != nil {
			bar.Add(1)
		}
		if sum.stop != nil {
			break
		}
	}
	if bar != nil {
		bar.Finish()
	}
	sum.Files = len(files)
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
		for _, e := range sum.Errors {
			if sum.stop == nil || e != sum.stop.Error() { // the fault is told last, once
				fmt.Fprintln(a.errOut, "error:", e)
			}
		}
		fmt.Fprintf(a.out, "%d files, %d articles read: %d new, %d duplicates, %d failed; %d new entities, %d new relations in %s\n",
			sum.Files, sum.Articles, sum.New, sum.Duplicate, sum.Failed, sum.Entities, sum.Relations, store.Path())
	}
	if sum.stop != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("ingest stopped at %s (those stored before it are kept): %v", sum.stopAt, dbError(sum.stop, true))}
	}
	if sum.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d input(s) failed; the others were stored", sum.Failed)}
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

// ingestFile reads, extracts and stores the articles of one input. Each
// article is stored in its own transaction.
func ingestFile(ctx context.Context, a *app, store *db.DB, p pipeline, path string, ropt extract.ReadOptions, sum *ingestSummary) {
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
	ingestReader(ctx, store, p, path, r, ropt, sum)
}

// ingestReader reads, extracts and stores the articles of one input named
// name, counting what happened in sum.
// pipeline is an extractor with the description of its models that each
// article it extracts is stored with.
type pipeline struct {
	x      *extract.Extractor
	models string
}

func (p pipeline) extract(art newsgraph.Article) newsgraph.Extraction {
	ex := p.x.Extract(art)
	ex.Models = p.models
	return ex
}

// errStop ends reading an input at a fault of the database (sum.stop).
var errStop = errors.New("stop: the database is at fault")

func ingestReader(ctx context.Context, store *db.DB, p pipeline, name string, r io.Reader, ropt extract.ReadOptions, sum *ingestSummary) {
	n := 0 // articles of this input
	err := extract.ReadEach(name, r, ropt, func(art newsgraph.Article) error {
		sum.Articles++
		n++
		res, err := store.StoreArticle(ctx, art, p.extract(art))
		switch {
		case db.ErrorCode(err) != "":
			sum.Failed++
			sum.Errors = append(sum.Errors, err.Error())
			sum.stop, sum.stopAt = err, fmt.Sprintf("article %d of %s", n, name)
			if art.Title != "" {
				sum.stopAt += fmt.Sprintf(" (%q)", art.Title)
			}
			return errStop
		case err != nil:
			sum.Failed++
			sum.Errors = append(sum.Errors, fmt.Sprintf("%s: article %q: %v", name, art.Title, err))
		case res.Duplicate:
			sum.Duplicate++
		default:
			sum.New++
			sum.Entities += res.Entities
			sum.Relations += res.Relations
		}
		return ctx.Err()
	})
	if errors.Is(err, errStop) {
		return
	}
	if err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			sum.Failed++
			sum.Errors = append(sum.Errors, e.Error())
		}
	}
}
