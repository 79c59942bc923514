package main

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
)

// demoFS holds sample articles: the seed articles the project began with and
// a few written for the demo.
//
//go:embed demo/*
var demoFS embed.FS

func newDemoCmd(a *app) *cobra.Command {
	var graphml string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a graph from sample articles built into the binary, print its top entities and relations, and write GraphML",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer store.Close()
			names, _ := fs.Glob(demoFS, "demo/*")
			sort.Strings(names)
			p, err := modelFlags{minConfidence: extract.DefaultMinConfidence}.pipeline() // the facts ingest would store
			if err != nil {
				return err
			}
			var sum ingestSummary
			w := newBatcher(ctx, store, &sum)
			for _, name := range names {
				b, _ := demoFS.ReadFile(name)
				ingestReader(ctx, w, p, name, bytes.NewReader(b), input.ReadOptions{})
			}
			w.commit()
			if sum.Failed > 0 {
				return fmt.Errorf("demo articles: %s", strings.Join(sum.Errors, "; "))
			}
			fmt.Fprintf(a.out, "Stored %d sample articles in %s (%d new, %d already there).\n\n", sum.Articles, store.Path(), sum.New, sum.Duplicate)
			ents, err := store.Entities(ctx, db.EntityFilter{Limit: 10})
			if err != nil {
				return err
			}
			fmt.Fprintln(a.out, "Top entities:")
			rows := make([][]string, len(ents))
			for i, e := range ents {
				rows[i] = []string{e.Name, e.Type, fmt.Sprint(e.Mentions)}
			}
			a.table([]string{"NAME", "TYPE", "MENTIONS"}, rows)
			facts, err := store.Facts(ctx, db.FactFilter{Limit: 15})
			if err != nil {
				return err
			}
			fmt.Fprintln(a.out, "\nTop relations:")
			a.printFacts(facts)
			g, err := exportGraph(ctx, store, &graphFlags{})
			if err != nil {
				return err
			}
			all, allFacts := g.Entities, g.Facts
			if err := writeFile(graphml, func(w io.Writer) error { return export.GraphML(w, g) }); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "\nWrote %s (%d nodes, %d edges): open it in Gephi, or try\n  newsgraph relations --entity Romanowski\n  newsgraph path Romanowski \"Joe Biden\"\n", graphml, len(all), len(allFacts))
			return nil
		},
	}
	cmd.Flags().StringVar(&graphml, "graphml", "newsgraph.graphml", "where to write the GraphML export")
	return cmd
}
