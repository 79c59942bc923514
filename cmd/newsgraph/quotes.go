package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

func newQuotesCmd(a *app) *cobra.Command {
	var speaker string
	var f db.QuoteFilter
	cmd := &cobra.Command{
		Use:   "quotes",
		Short: "List what speakers said, in quotation marks or reported, newest first",
		Example: `  newsgraph quotes --speaker Romanowski
  newsgraph quotes --match "ISIS" --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withDB(ctx, func(store *db.DB) error {
				if speaker != "" {
					ents, err := resolve(ctx, store, speaker)
					if err != nil {
						return err
					}
					f.Speakers = db.IDs(ents)
				}
				qs, err := store.Quotes(ctx, f)
				if err != nil {
					return err
				}
				if a.jsonOut {
					return jsonLines(a.out, qs)
				}
				rows := make([][]string, len(qs))
				for i, q := range qs {
					text := q.Text
					if q.Direct {
						text = "“" + text + "”"
					}
					to := ""
					if q.Addressee != "" {
						to = "to " + q.Addressee
					}
					rows[i] = []string{q.Speaker, q.Date, strings.TrimSpace(to), q.Article, text}
				}
				return a.table([]string{"SPEAKER", "DATE", "TO", "ARTICLE", "QUOTE"}, rows)
			})
		},
	}
	cmd.Flags().StringVar(&speaker, "speaker", "", "only quotes by this entity")
	cmd.Flags().StringVar(&f.Match, "match", "", "only quotes containing TEXT")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most N quotes (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: id, speaker_id, speaker, addressee, text, direct, article_id, article, date, start, end")
	return cmd
}
