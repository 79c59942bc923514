package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/graph"
)

func newPathCmd(a *app) *cobra.Command {
	var maxHops, k int
	cmd := &cobra.Command{
		Use:   "path FROM TO",
		Short: "Show the shortest connection between two entities, with the evidence for each hop",
		Example: `  newsgraph path Romanowski "Joe Biden"
  newsgraph path Mikati Iran --k 3`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withDB(ctx, func(store *db.DB) error {
				from, err := resolve(ctx, store, args[0])
				if err != nil {
					return err
				}
				to, err := resolve(ctx, store, args[1])
				if err != nil {
					return err
				}
				// Search from both ends through the database's indexes, then
				// read the facts of the hops found: a path query on 500,000
				// relations reads only the neighbourhoods it crosses.
				search := graph.NewSearch(func(ids []int64) (map[int64][]int64, error) {
					return store.Adjacent(ctx, ids, nil)
				})
				// Names can mean several entities: take the shortest path
				// between any of them.
				var best []int64
				var bestFrom, bestTo int64
				found := false
				var lastErr error
				for _, f := range from {
					for _, t := range to {
						ids, err := search.Path(f.ID, t.ID, maxHops)
						if err != nil {
							lastErr = err
							continue
						}
						if !found || len(ids) < len(best) {
							best, found, bestFrom, bestTo = ids, true, f.ID, t.ID
						}
					}
				}
				if !found {
					if errors.Is(lastErr, graph.ErrNoPath) {
						why := ""
						if maxHops > 0 {
							why = fmt.Sprintf(": they are more than %s apart", plural(maxHops, "hop"))
						}
						return &userError{fmt.Sprintf("no connection between %s and %s%s", from[0].Name, to[0].Name, why)}
					}
					return lastErr
				}
				idPaths := [][]int64{best}
				if k > 1 && len(best) > 1 {
					var err error
					if idPaths, err = search.KPaths(bestFrom, bestTo, k, maxHops); err != nil {
						return err
					}
				}
				paths := make([][]graph.Hop, len(idPaths))
				for n, ids := range idPaths {
					for i := 1; i < len(ids); i++ {
						paths[n] = append(paths[n], graph.Hop{From: newsgraph.Entity{ID: ids[i-1]}, To: newsgraph.Entity{ID: ids[i]}})
					}
				}
				for _, p := range paths {
					if err := fillHops(ctx, store, p); err != nil {
						return err
					}
				}
				if a.jsonOut {
					enc := json.NewEncoder(a.out)
					enc.SetEscapeHTML(false)
					for n, p := range paths {
						if k > 1 {
							if err := enc.Encode(struct {
								Path int         `json:"path"`
								Hops []graph.Hop `json:"hops"`
							}{n + 1, p}); err != nil {
								return err
							}
							continue
						}
						for _, h := range p {
							if err := enc.Encode(h); err != nil {
								return err
							}
						}
					}
					return nil
				}
				if len(best) == 0 {
					fmt.Fprintf(a.out, "%s and %s are the same entity\n", from[0].Name, to[0].Name)
					return nil
				}
				for n, p := range paths {
					if n > 0 {
						fmt.Fprintln(a.out)
					}
					a.printPath(p, n, len(paths))
				}
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&maxHops, "max-hops", 6, "longest connection to report (0: any)")
	cmd.Flags().IntVar(&k, "k", 1, "show up to K shortest connections (Yen's algorithm)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines, one hop per line: from, to, facts; with --k, one path per line: path, hops")
	return cmd
}

// printPath prints one connection, hop by hop, with the evidence.
func (a *app) printPath(best []graph.Hop, n, of int) {
	title := ""
	if of > 1 {
		title = fmt.Sprintf("connection %d of %d: ", n+1, of)
	}
	fmt.Fprintf(a.out, "%s%s -> %s: %d hops\n", title, best[0].From.Name, best[len(best)-1].To.Name, len(best))
	for i, h := range best {
		fmt.Fprintf(a.out, "\n%d. %s -- %s\n", i+1, h.From.Name, h.To.Name)
		for _, f := range h.Facts {
			fmt.Fprintf(a.out, "   %s %s %s%s (confidence %.2f, %s)\n", f.Subject, f.Relation, f.Object, dateNote(f), f.Confidence, plural(f.Weight, "sentence"))
			evidence := f.Evidence
			if a.terminal { // at most three lines of the screen
				evidence = cut(evidence, max(40, a.width*3-10))
			}
			fmt.Fprintf(a.out, "   %q\n   -- %s\n", evidence, f.Article)
		}
	}
}

// fillHops replaces the id-only entities and facts of hops with the stored
// ones: names, types, evidence.
func fillHops(ctx context.Context, store *db.DB, hops []graph.Hop) error {
	var ids []int64
	for _, h := range hops {
		ids = append(ids, h.From.ID, h.To.ID)
	}
	ents, err := store.Entities(ctx, db.EntityFilter{IDs: ids})
	if err != nil {
		return err
	}
	byID := map[int64]newsgraph.Entity{}
	for _, e := range ents {
		byID[e.ID] = e
	}
	for i := range hops {
		h := &hops[i]
		h.From, h.To = byID[h.From.ID], byID[h.To.ID]
		if h.Facts, err = store.FactsBetween(ctx, h.From.ID, h.To.ID); err != nil {
			return err
		}
	}
	return nil
}

func dateNote(f newsgraph.Fact) string {
	if f.Date == "" {
		return ""
	}
	return " on " + f.Date
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
