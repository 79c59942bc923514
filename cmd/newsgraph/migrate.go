package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

func newMigrateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Upgrade the database's schema to this newsgraph's, so look-up commands can read it",
		Long: `Migrate applies the schema changes this newsgraph has and the database lacks.
Every command that writes (ingest, merge, analyze...) does so too; look-up
commands open the database read-only and ask for this first. A database
written by a newer newsgraph is refused and left as it is.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withWriteDB(cmd.Context(), func(store *db.DB) error {
				if done := store.Migrated(); len(done) > 0 {
					fmt.Fprintf(a.out, "%s: schema version %s; applied %s\n", store.Path(), store.Version(), strings.Join(done, ", "))
				} else {
					fmt.Fprintf(a.out, "%s: schema version %s, up to date\n", store.Path(), store.Version())
				}
				return nil
			})
		},
	}
}
