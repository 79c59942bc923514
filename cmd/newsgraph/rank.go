package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

func newRankCmd(a *app) *cobra.Command {
	var by, typ string
	var community, limit int
	cmd := &cobra.Command{
		Use:   "rank",
		Short: "List entities by a graph measure (run 'newsgraph analyze' first)",
		Example: `  newsgraph rank
  newsgraph rank --by betweenness --type PERSON --limit 10
  newsgraph rank --community 0 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if typ, err = checkType(typ); err != nil {
				return err
			}
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				if _, err := store.LastAnalysis(cmd.Context()); err != nil {
					return &userError{"no measures stored yet: run 'newsgraph analyze' first"}
				}
				rs, err := store.Rank(cmd.Context(), strings.ToLower(by), typ, community, limit)
				if err != nil {
					return &userError{err.Error()}
				}
				if a.jsonOut {
					return jsonLines(a.out, rs)
				}
				rows := make([][]string, len(rs))
				for i, r := range rs {
					m := r.Metrics
					rows[i] = []string{strconv.Itoa(i + 1), r.Name, r.Type, fmt.Sprintf("%.4g", m.PageRank), fmt.Sprintf("%.4f", m.Betweenness),
						strconv.Itoa(m.Degree), strconv.Itoa(m.Core), strconv.Itoa(m.Community)}
				}
				return a.table([]string{"RANK", "NAME", "TYPE", "PAGERANK", "BETWEENNESS", "DEGREE", "CORE", "COMMUNITY"}, rows)
			})
		},
	}
	cmd.Flags().StringVar(&by, "by", "pagerank", "measure: "+strings.Join(db.RankBy, ", "))
	cmd.Flags().StringVar(&typ, "type", "", "only entities of this type")
	cmd.Flags().IntVar(&community, "community", -1, "only this community")
	cmd.Flags().IntVar(&limit, "limit", 20, "at most N entities (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: the entity's fields and metrics")
	return cmd
}

func newCommunitiesCmd(a *app) *cobra.Command {
	var layer string
	var top, limit int
	cmd := &cobra.Command{
		Use:   "communities",
		Short: "List the Louvain communities, largest first, with their most central members",
		Example: `  newsgraph communities
  newsgraph communities --layer conflict`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				info, err := store.LastAnalysis(cmd.Context())
				if err != nil {
					return &userError{"no communities stored yet: run 'newsgraph analyze' first"}
				}
				cs, err := store.Communities(cmd.Context(), layer, top)
				if err != nil {
					return err
				}
				if layer != "" && len(cs) == 0 {
					return &userError{fmt.Sprintf("no communities in layer %q: layers are diplomacy, government, conflict and place, where the graph has such relations", layer)}
				}
				if limit > 0 && len(cs) > limit {
					cs = cs[:limit]
				}
				if a.jsonOut {
					return jsonLines(a.out, cs)
				}
				if layer == "" && a.terminal { // a pipe gets the table alone
					fmt.Fprintf(a.out, "%d communities, modularity %.3f (analyzed %s)\n", info.Communities, info.Modularity, info.ComputedAt)
				}
				rows := make([][]string, len(cs))
				for i, c := range cs {
					rows[i] = []string{strconv.Itoa(c.ID), strconv.Itoa(c.Size), strings.Join(c.Leaders, ", ")}
				}
				return a.table([]string{"COMMUNITY", "SIZE", "MOST CENTRAL"}, rows)
			})
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "", "communities within one relation layer: diplomacy, government, conflict, place")
	cmd.Flags().IntVar(&top, "top", 5, "members to show per community, by PageRank")
	cmd.Flags().IntVar(&limit, "limit", 20, "at most N communities (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: id, layer, size, leaders")
	return cmd
}
