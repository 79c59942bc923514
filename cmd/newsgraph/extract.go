package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
)

func newExtractCmd(a *app) *cobra.Command {
	var format string
	var workers int
	var maxSize sizeFlag
	var models modelFlags
	cmd := &cobra.Command{
		Use:   "extract [FILE|-]",
		Short: "Extract entities and relations without a database, as annotated JSON Lines",
		Long: `Extract reads one input (a file, or - for standard input, the default) and
writes one JSON object per article: id, text, entities (start and end in
Unicode code points, end exclusive; type; text) and relations (head and tail
index into entities; type), the format of the annotated training data.
JSON Lines input ({"id", "text"} per line) keeps each record's id.`,
		Example: `  newsgraph extract article.txt
  newsgraph extract --format jsonl < records.jsonl > predicted.jsonl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := input.ParseFormat(format)
			if err != nil {
				return &userError{err.Error()}
			}
			name := "-"
			var r io.Reader = a.in
			if len(args) == 1 && args[0] != "-" {
				name = args[0]
				file, err := os.Open(name)
				if err != nil {
					return &userError{err.Error()}
				}
				defer file.Close()
				r = file
			}
			x, err := models.extractor()
			if err != nil {
				return err
			}
			// Progress only when the records go to a file or a pipe: on
			// a terminal its line would be drawn among them.
			var prog *progress
			if !a.terminal {
				prog = newProgress(a, "extracting", []string{name})
			}
			defer prog.finish() // before the error, if any, is printed
			r = prog.reader(r)
			bw := bufio.NewWriter(a.out)
			defer bw.Flush()
			enc := json.NewEncoder(bw)
			enc.SetEscapeHTML(false)
			// Extraction on every core, the records printed in input order.
			pool := newOrdered[extract.AnnotatedRecord](workers)
			var failed atomic.Bool
			var readErr error
			go func() {
				defer pool.close()
				n := 0
				readErr = input.ReadEach(name, r, input.ReadOptions{Format: f, MaxArticleSize: maxSize.limit()}, func(art newsgraph.Article) error {
					if failed.Load() {
						return errStop
					}
					n++
					id := art.ExternalID
					if id == "" {
						id = fmt.Sprintf("%s#%d", name, n)
					}
					pool.submit(func() extract.AnnotatedRecord { return extract.Record(id, art, x.Extract(art)) })
					return nil
				})
			}()
			var writeErr error
			written := 0
			for rec := range pool.results() {
				if writeErr = enc.Encode(rec); writeErr != nil {
					failed.Store(true)
					break
				}
				written++
				prog.articles(written, 0, 0)
			}
			if writeErr != nil {
				return writeErr
			}
			if readErr != nil {
				return &exitError{code: 1, msg: readErr.Error()}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "auto", "input format: auto, text, html or jsonl")
	cmd.Flags().IntVar(&workers, "workers", 0, "articles extracted side by side (default: the number of CPUs); the output is the same for any number")
	registerMaxArticleSize(cmd.Flags(), &maxSize)
	models.register(cmd.Flags())
	models.registerConfidences(cmd.Flags())
	return cmd
}
