package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/export"
)

func newExportCmd(a *app) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the graph as GraphML (Gephi, networkx) or DOT (Graphviz)",
		Example: `  newsgraph export --format graphml -o news.graphml
  newsgraph export --format dot | dot -Tsvg > news.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			write := map[string]func(io.Writer, []newsgraph.Entity, []newsgraph.Fact) error{"graphml": export.GraphML, "dot": export.DOT}[format]
			if write == nil {
				return &userError{fmt.Sprintf("unknown export format %q (want graphml or dot)", format)}
			}
			store, err := a.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer store.Close()
			ents, facts, err := loadGraph(cmd.Context(), store)
			if err != nil {
				return err
			}
			if output == "" || output == "-" {
				return write(a.out, ents, facts)
			}
			return writeFile(output, func(w io.Writer) error { return write(w, ents, facts) })
		},
	}
	cmd.Flags().StringVar(&format, "format", "graphml", "graphml or dot")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	return cmd
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
