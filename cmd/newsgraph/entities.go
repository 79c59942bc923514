package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

func newEntitiesCmd(a *app) *cobra.Command {
	var f db.EntityFilter
	cmd := &cobra.Command{
		Use:   "entities",
		Short: "List entities, most mentioned first",
		Example: `  newsgraph entities --type PERSON
  newsgraph entities --match sudani --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if f.Type, err = checkType(f.Type); err != nil {
				return err
			}
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				ents, err := store.Entities(cmd.Context(), f)
				if err != nil {
					return err
				}
				if a.jsonOut {
					return jsonLines(a.out, ents)
				}
				rows := make([][]string, len(ents))
				for i, e := range ents {
					rows[i] = []string{strconv.FormatInt(e.ID, 10), e.Name, e.Type, strconv.Itoa(e.Mentions), strconv.Itoa(e.Articles), strings.Join(e.Aliases, "; ")}
				}
				return a.table([]string{"ID", "NAME", "TYPE", "MENTIONS", "ARTICLES", "ALIASES"}, rows)
			})
		},
	}
	cmd.Flags().StringVar(&f.Type, "type", "", "only this type: PERSON, ORG, GPE, LOC, NORP, EVENT, MISC")
	cmd.Flags().StringVar(&f.Match, "match", "", "only names or aliases containing TEXT (case-insensitive)")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most N entities (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: id, name, type, aliases, mentions, articles")
	return cmd
}
