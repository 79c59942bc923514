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

var exportFormats = map[string]func(io.Writer, export.Graph) error{
	"graphml": export.GraphML, "gexf": export.GEXF, "dot": export.DOT, "json": export.JSON, "cytoscape": export.Cytoscape,
}

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
			write := exportFormats[format]
			if write == nil {
				return &userError{fmt.Sprintf("unknown export format %q (want graphml, gexf, dot, json or cytoscape)", format)}
			}
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				g, err := exportGraph(cmd.Context(), store, &gf)
				if err != nil {
					return err
				}
				if output == "" || output == "-" {
					return write(a.out, g)
				}
				return writeFile(output, func(w io.Writer) error { return write(w, g) })
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "graphml", "graphml, gexf, dot, json or cytoscape")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	gf.register(cmd.Flags(), "relation")
	return cmd
}

// exportGraph loads the filtered graph with measures: the stored ones when
// the whole graph was analyzed, else computed for this graph.
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
