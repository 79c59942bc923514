package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

func newSearchCmd(a *app) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Find facts by the words of their evidence, and articles by their text",
		Long: `Search looks QUERY up in the full-text indexes of evidence sentences and of
articles (SQLite FTS5) and prints the facts whose evidence matches, with
the sentence and its article, then the articles that match, with the
passage. QUERY is FTS5's syntax: words (all must match), "a phrase",
OR, NOT, prefix*; what FTS5 cannot parse is searched as a phrase.`,
		Example: `  newsgraph search ambassador
  newsgraph search '"claimed responsibility"' --limit 5
  newsgraph search 'minist* AND iraq' --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				facts, arts, err := store.Search(cmd.Context(), args[0], limit)
				if err != nil {
					return &userError{err.Error()}
				}
				if a.jsonOut {
					enc := json.NewEncoder(a.out)
					enc.SetEscapeHTML(false)
					for _, f := range facts {
						if err := enc.Encode(map[string]any{"kind": "fact", "fact": f}); err != nil {
							return err
						}
					}
					for _, h := range arts {
						if err := enc.Encode(map[string]any{"kind": "article", "article": h}); err != nil {
							return err
						}
					}
					return nil
				}
				if len(facts) == 0 && len(arts) == 0 {
					return &userError{fmt.Sprintf("nothing matches %q", args[0])}
				}
				if len(facts) > 0 {
					rows := make([][]string, len(facts))
					for i, f := range facts {
						rows[i] = []string{f.Subject, f.Relation, f.Object, f.Date, f.Article, f.Evidence}
					}
					if err := a.table([]string{"SUBJECT", "RELATION", "OBJECT", "DATE", "ARTICLE", "EVIDENCE"}, rows); err != nil {
						return err
					}
				}
				if len(arts) > 0 {
					if len(facts) > 0 {
						fmt.Fprintln(a.out)
					}
					rows := make([][]string, len(arts))
					for i, h := range arts {
						rows[i] = []string{fmt.Sprint(h.ID), h.Title, h.Date, h.Snippet}
					}
					return a.table([]string{"ARTICLE", "TITLE", "DATE", "PASSAGE"}, rows)
				}
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "at most N facts and N articles")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: kind (fact or article) and the fact or article")
	return cmd
}
