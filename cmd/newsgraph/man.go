package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newManCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page for every command into DIR",
		Long: `Man writes newsgraph.1 and a page for each command (newsgraph-ingest.1, ...)
into DIR, generated from the commands' own help (cobra/doc). Install them
where man looks, e.g.

    newsgraph man ~/.local/share/man/man1 && man newsgraph-ingest`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return &userError{err.Error()}
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // the same pages for the same binary
			header := &doc.GenManHeader{Title: "NEWSGRAPH", Section: "1", Source: "newsgraph " + version, Manual: "newsgraph manual"}
			if err := doc.GenManTree(root, header, args[0]); err != nil {
				return fmt.Errorf("man pages: %w", err)
			}
			fmt.Fprintf(a.errOut, "wrote man pages to %s\n", args[0])
			return nil
		},
	}
}
