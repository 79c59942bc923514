package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
)

func newExportCmd(a *app) *cobra.Command {
	var format, output string
	var gf graphFlags
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the graph as GraphML, GEXF (Gephi), DOT (Graphviz) or JSON (D3, Cytoscape.js)",
		Long: `Export writes the graph, or the part the filters keep, with every entity's
type, aliases, mentions and measures (PageRank, community, ...: those stored
by 'newsgraph analyze', else computed for the export) and every relation's
type, weight, confidence, dates and evidence.

  graphml    GraphML with typed keys (Gephi, networkx, igraph, yEd, sigma.js)
  gexf       GEXF 1.2 for Gephi and Gephi Lite: colour by type, size by PageRank, time spells
  dot        Graphviz DOT: shapes and colours by type, labelled edges
  json       D3 force layout: {"nodes": [...], "links": [...]}
  cytoscape  Cytoscape.js: {"elements": {"nodes": [...], "edges": [...]}}

A node's entity type is its attribute entity_type (sigma.js reserves
"type"). Symmetric relations (meets_with, borders, allied_with) are
undirected edges in GEXF, DOT and JSON, and marked symmetric in GraphML.`,
		Example: `  newsgraph export --format gexf -o news.gexf
  newsgraph export --format graphml --relation meets_with,visited --since 2024-01-01 -o diplomacy.graphml
  newsgraph export --format dot --around "Najib Mikati" --hops 1 | dot -Tsvg > mikati.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			write := export.Formats[format]
			if write == nil {
				return &userError{fmt.Sprintf("unknown export format %q (want graphml, gexf, dot, json or cytoscape)", format)}
			}
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				src, err := exportSource(cmd.Context(), store, &gf)
				if err != nil {
					return err
				}
				if output == "" || output == "-" {
					return write(a.out, src)
				}
				return writeFile(output, func(w io.Writer) error { return write(w, src) })
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "graphml", "graphml, gexf, dot, json or cytoscape")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	gf.register(cmd.Flags(), "relation")
	return cmd
}

// exportSource is the filtered graph as the writers read it, with
// measures: the stored ones when the whole graph is exported and was
// analyzed, else computed for this graph. The network around an entity is
// small and read into memory (exportGraph); any other graph is read from
// the database while it is written, entities in id order, then facts,
// holding no more than the arrays that computing its measures needs.
func exportSource(ctx context.Context, store *db.DB, gf *graphFlags) (export.Source, error) {
	f, err := gf.filter(ctx, store)
	if err != nil {
		return nil, err
	}
	if f.Around != 0 && f.Hops > 0 {
		g, err := exportGraph(ctx, store, gf)
		return g.Source(), err
	}
	src := &dbSource{ctx: ctx, store: store, filter: factFilter(f)}
	if f.String() == "all" {
		info, err := store.LastAnalysis(ctx)
		if err == nil && info.Filter == "all" {
			// Articles ingested since the analysis bring entities it
			// never saw: then the measures are computed afresh.
			cover, err := store.MeasuresCover(ctx, src.filter)
			if err != nil {
				return nil, err
			}
			if cover {
				src.stored = true
				src.maxPR, err = store.MaxPageRank(ctx)
				return src, err
			}
		}
	}
	g, _, err := edgeGraph(ctx, store, src.filter)
	if err != nil {
		return nil, err
	}
	src.metrics = map[int64]newsgraph.Metrics{}
	for _, m := range g.Analyze(graph.AnalyzeOptions{Seed: 1}).Nodes {
		src.metrics[m.EntityID] = m
		src.maxPR = max(src.maxPR, m.PageRank)
	}
	return src, nil
}

// dbSource is a graph read from the database as it is written.
type dbSource struct {
	ctx    context.Context
	store  *db.DB
	filter db.FactFilter
	// The measures: the stored ones, or those computed for this graph.
	stored  bool
	metrics map[int64]newsgraph.Metrics
	maxPR   float64
}

func (s *dbSource) MaxPageRank() (float64, error) { return s.maxPR, nil }

// Timeline reads each fact's ends and first date: a node starts at its
// earliest, unless one of its facts is undated.
func (s *dbSource) Timeline() (export.Timeline, error) {
	type node struct {
		start   string
		undated bool
	}
	nodes := map[int64]*node{}
	t := export.Timeline{Start: map[int64]string{}}
	err := s.store.EachFactEnds(s.ctx, s.filter, func(subject, object int64, first string) error {
		t.Facts++
		for _, id := range [2]int64{subject, object} {
			n := nodes[id]
			if n == nil {
				n = &node{}
				nodes[id] = n
			}
			switch {
			case first == "":
				n.undated = true
			case n.start == "" || first < n.start:
				n.start = first
			}
		}
		return nil
	})
	t.Nodes = len(nodes)
	for id, n := range nodes {
		if n.start != "" && !n.undated {
			t.Start[id] = n.start
		}
	}
	return t, err
}

func (s *dbSource) Nodes(byID bool, yield func(export.Node) error) error {
	var x newsgraph.Metrics
	return s.store.EachNode(s.ctx, s.filter, s.stored, func(e newsgraph.Entity, m *newsgraph.Metrics) error {
		if !s.stored {
			if mx, ok := s.metrics[e.ID]; ok {
				x = mx
				m = &x
			}
		}
		return yield(export.Node{Entity: e, Metrics: m})
	})
}

func (s *dbSource) Facts(byPair bool, yield func(*newsgraph.Fact) error) error {
	f := s.filter
	f.ByPair = byPair
	return s.store.EachFact(s.ctx, f, yield)
}

// exportGraph loads the filtered graph into memory with measures: the
// stored ones when the whole graph was analyzed, else computed for this
// graph. The network around an entity is exported so, and render draws
// from it.
func exportGraph(ctx context.Context, store *db.DB, gf *graphFlags) (export.Graph, error) {
	ents, facts, f, err := gf.load(ctx, store)
	if err != nil {
		return export.Graph{}, err
	}
	g := export.Graph{Entities: ents, Facts: facts}
	if info, err := store.LastAnalysis(ctx); err == nil && info.Filter == "all" && f.String() == "all" {
		if g.Metrics, err = store.Metrics(ctx); err != nil {
			return g, err
		}
		complete := true // articles ingested since the analysis bring entities it never saw
		for _, e := range ents {
			if _, ok := g.Metrics[e.ID]; !ok {
				complete = false
				break
			}
		}
		if complete {
			return g, nil
		}
	}
	a := graph.New(ents, facts).Analyze(graph.AnalyzeOptions{Seed: 1})
	g.Metrics = make(map[int64]newsgraph.Metrics, len(a.Nodes))
	for _, m := range a.Nodes {
		g.Metrics[m.EntityID] = m
	}
	return g, nil
}

// writeFile writes through a temporary file renamed into place, so a failed
// export never leaves half a file.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".newsgraph-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	// CreateTemp makes the file private; an export or model is for sharing.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
