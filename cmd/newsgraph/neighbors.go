package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/graph"
)

func newNeighborsCmd(a *app) *cobra.Command {
	var depth int
	var gf graphFlags
	cmd := &cobra.Command{
		Use:   "neighbors NAME",
		Short: "List the entities within N hops of an entity, with the relations that link them",
		Example: `  newsgraph neighbors Mikati
  newsgraph neighbors "United States" --depth 2 --type meets_with,visited`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if depth < 1 {
				return &usageError{errors.New("--depth must be at least 1")}
			}
			return a.withDB(ctx, func(store *db.DB) error {
				center, err := resolve(ctx, store, args[0])
				if err != nil {
					return err
				}
				f, err := gf.filter(ctx, store)
				if err != nil {
					return err
				}
				// Read the neighbourhood alone, by search from the entity.
				facts, err := store.FactsAround(ctx, center[0].ID, depth, factFilter(f), false)
				if err != nil {
					return err
				}
				ents, err := entitiesOf(ctx, store, facts)
				if err != nil {
					return err
				}
				ns, err := graph.New(ents, facts).Neighbors(center[0].ID, depth)
				if err != nil {
					return &userError{center[0].Name + " has no relations (with these filters)"}
				}
				if a.jsonOut {
					return jsonLines(a.out, ns)
				}
				rows := make([][]string, len(ns))
				for i, n := range ns {
					var via []string
					for _, f := range n.Via {
						via = append(via, f.Subject+" "+f.Relation+" "+f.Object)
					}
					rows[i] = []string{strconv.Itoa(n.Hops), n.Entity.Name, n.Entity.Type, strings.Join(via, "; ")}
				}
				return a.table([]string{"HOPS", "NAME", "TYPE", "VIA"}, rows)
			})
		},
	}
	cmd.Flags().IntVar(&depth, "depth", 1, "how many hops out")
	gf.register(cmd.Flags(), "type")
	cmd.Flags().Lookup("around").Hidden = true
	cmd.Flags().Lookup("hops").Hidden = true
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: entity, hops, via (the linking facts)")
	return cmd
}
