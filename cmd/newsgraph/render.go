package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/export"
)

// renderLimit is the most nodes render draws without --force: Graphviz
// takes minutes and the picture says nothing beyond a few thousand.
const renderLimit = 2000

func newRenderCmd(a *app) *cobra.Command {
	var output, format, layout string
	var force bool
	var gf graphFlags
	cmd := &cobra.Command{
		Use:   "render -o FILE.svg|FILE.png",
		Short: "Draw the graph (or a filtered part) as SVG or PNG with Graphviz",
		Long: `Render draws the graph through Graphviz's dot program, which must be
installed (apt install graphviz, brew install graphviz). Use the filters to
draw a readable part: --around NAME --hops 1, --relation, --since.`,
		Example: `  newsgraph render --around "Najib Mikati" --hops 1 -o mikati.svg
  newsgraph render --relation claimed_attack,attacked -o conflict.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return &usageError{errors.New("give the picture's file with -o FILE.svg or FILE.png")}
			}
			if format == "" {
				format = strings.TrimPrefix(strings.ToLower(filepath.Ext(output)), ".")
			}
			if format != "svg" && format != "png" && format != "pdf" {
				return &userError{fmt.Sprintf("cannot render %q: use a .svg, .png or .pdf file, or --format svg|png|pdf", output)}
			}
			dotBin, err := exec.LookPath("dot")
			if err != nil {
				return &userError{"render needs Graphviz's dot program, which is not installed or not on PATH: install graphviz (apt install graphviz, brew install graphviz), or write DOT with 'newsgraph export --format dot'"}
			}
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				// Count first, from the facts' ids alone: an archive is
				// refused in a second or two, not after reading every
				// fact's evidence and measuring every entity.
				n, relations, err := gf.size(cmd.Context(), store)
				if err != nil {
					return err
				}
				if relations == 0 {
					return &userError{"nothing to draw: no relations (with these filters)"}
				}
				if n > renderLimit && !force {
					return &userError{fmt.Sprintf("%d entities are too many to draw legibly (limit %d): narrow with --around NAME --hops 1, --relation or --since, or pass --force", n, renderLimit)}
				}
				g, err := exportGraph(cmd.Context(), store, &gf)
				if err != nil {
					return err
				}
				var src bytes.Buffer
				if err := export.DOT(&src, g); err != nil {
					return err
				}
				engine := layout
				if engine == "auto" {
					// dot's layered layout takes seconds to minutes on dense
					// graphs; sfdp's force-directed one stays fast.
					engine = "dot"
					if len(g.Facts) > 150 {
						engine = "sfdp"
					}
				}
				if output == "-" {
					// The picture to standard output: Graphviz writes there
					// itself, and would take "-" for a file's name.
					run := exec.CommandContext(cmd.Context(), dotBin, "-K"+engine, "-T"+format)
					run.Stdin, run.Stdout = &src, a.out
					var errOut bytes.Buffer
					run.Stderr = &errOut
					if err := run.Run(); err != nil {
						return fmt.Errorf("graphviz dot failed: %v: %s", err, strings.TrimSpace(errOut.String()))
					}
					return nil
				}
				tmp := output + ".tmp"
				run := exec.CommandContext(cmd.Context(), dotBin, "-K"+engine, "-T"+format, "-o", tmp)
				run.Stdin = &src
				if out, err := run.CombinedOutput(); err != nil {
					os.Remove(tmp)
					return fmt.Errorf("graphviz dot failed: %v: %s", err, strings.TrimSpace(string(out)))
				}
				if err := os.Rename(tmp, output); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "drew %d entities and %d relations to %s\n", len(g.Entities), len(g.Facts), output)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "picture file: .svg, .png or .pdf; - for standard output (with --format)")
	cmd.Flags().StringVar(&format, "format", "", "svg, png or pdf (default: from the file name)")
	cmd.Flags().BoolVar(&force, "force", false, "draw even a graph of more than 2,000 entities")
	cmd.Flags().StringVar(&layout, "layout", "auto", "Graphviz layout: dot, sfdp, neato, fdp, circo, twopi (auto: dot for up to 150 relations, else sfdp)")
	gf.register(cmd.Flags(), "relation")
	return cmd
}
