package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// entityReport is the --json output of entity.
type entityReport struct {
	newsgraph.Entity
	Out     []newsgraph.Fact `json:"relations_out"`
	In      []newsgraph.Fact `json:"relations_in"`
	Sources []db.ArticleRef  `json:"article_list"`
}

func newEntityCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "entity NAME",
		Short:   "Show one entity: aliases, relations in and out, articles",
		Example: `  newsgraph entity "alina romanowski"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withDB(ctx, func(store *db.DB) error {
				ents, err := resolve(ctx, store, args[0])
				if err != nil {
					return err
				}
				for i, e := range ents {
					r := entityReport{Entity: e}
					all, err := store.Facts(ctx, db.FactFilter{Entities: []int64{e.ID}})
					if err != nil {
						return err
					}
					for _, f := range all {
						if f.SubjectID == e.ID || f.Symmetric {
							r.Out = append(r.Out, f)
						} else {
							r.In = append(r.In, f)
						}
					}
					if r.Sources, err = store.EntityArticles(ctx, e.ID); err != nil {
						return err
					}
					if a.jsonOut {
						if err := json.NewEncoder(a.out).Encode(r); err != nil {
							return err
						}
						continue
					}
					if i > 0 {
						fmt.Fprintln(a.out)
					}
					a.printEntity(r)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON: the entity's fields plus relations_out, relations_in, article_list")
	return cmd
}

func (a *app) printEntity(r entityReport) {
	fmt.Fprintf(a.out, "%s (%s, id %d): %s in %s\n", r.Name, r.Type, r.ID, plural(r.Mentions, "mention"), plural(r.Articles, "article"))
	if len(r.Aliases) > 0 {
		fmt.Fprintf(a.out, "Also: %s\n", strings.Join(r.Aliases, "; "))
	}
	for _, part := range []struct {
		title string
		facts []newsgraph.Fact
	}{{"Relations", r.Out}, {"Relations in", r.In}} {
		if len(part.facts) == 0 {
			continue
		}
		fmt.Fprintf(a.out, "\n%s:\n", part.title)
		a.printFacts(part.facts)
	}
	if len(r.Sources) > 0 {
		fmt.Fprintln(a.out, "\nArticles:")
		rows := make([][]string, len(r.Sources))
		for i, ar := range r.Sources {
			rows[i] = []string{fmt.Sprint(ar.ID), ar.Date, fmt.Sprint(ar.Mentions), ar.Title}
		}
		a.table([]string{"ID", "DATE", "MENTIONS", "TITLE"}, rows)
	}
}
