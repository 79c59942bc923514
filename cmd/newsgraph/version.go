package main

import (
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/extract"
)

func newVersionCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print newsgraph's version and the id of the models built into it",
		Long: `Version prints the release, the id of the embedded models and lexicons (the
start of a SHA-256 over their bytes, as articles.models records it: two
binaries with the same id extract alike) and the Go that built it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := map[string]string{"version": version, "models": extract.EmbeddedModelsID(), "go": runtime.Version()}
			if a.jsonOut {
				return json.NewEncoder(a.out).Encode(v)
			}
			_, err := fmt.Fprintf(a.out, "newsgraph %s\nembedded models %s\nbuilt with %s\n", v["version"], v["models"], v["go"])
			return err
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print version, models and go as JSON")
	return cmd
}
