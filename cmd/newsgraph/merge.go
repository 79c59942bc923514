package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// one resolves a name to exactly one entity, or says which it could be.
func one(ctx context.Context, store *db.DB, name string) (newsgraph.Entity, error) {
	ents, err := resolve(ctx, store, name)
	if err != nil {
		return newsgraph.Entity{}, err
	}
	if len(ents) > 1 {
		var opts []string
		for _, e := range ents {
			opts = append(opts, fmt.Sprintf("%s (%s, id %d)", e.Name, e.Type, e.ID))
		}
		return newsgraph.Entity{}, &userError{fmt.Sprintf("%q could be %s: give the full name", name, strings.Join(opts, ", "))}
	}
	return ents[0], nil
}

// printMerge reports a correction.
func (a *app) printMerge(m db.Merge) error {
	if a.jsonOut {
		return jsonLines(a.out, []db.Merge{m})
	}
	switch {
	case m.Undone != "":
		fmt.Fprintf(a.out, "undid correction %d (%s %s)\n", m.ID, m.Action, describeMerge(m))
	default:
		fmt.Fprintf(a.out, "correction %d: %s %s (undo with 'newsgraph undo %d')\n", m.ID, m.Action, describeMerge(m), m.ID)
	}
	return nil
}

func describeMerge(m db.Merge) string {
	switch m.Action {
	case "alias":
		if m.Alias != "" {
			return fmt.Sprintf("%q is now also %q", m.Target, m.Alias)
		}
	case "split":
		return fmt.Sprintf("%q out of %q", m.Source, m.Target)
	}
	return fmt.Sprintf("%q into %q", m.Source, m.Target)
}

func newMergeCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "merge KEEP OTHER",
		Short: "Make two entities one: OTHER (and all merged into it) joins KEEP",
		Long: `Merge records that two entities are one real-world thing. The entity named
OTHER keeps its rows (so the merge can be undone) but from now on belongs to
KEEP: its mentions, aliases and relations count for KEEP, and articles
ingested later that name it resolve to KEEP. The correction is logged in the
merges table; 'newsgraph undo' reverses it.`,
		Example: `  newsgraph merge "Islamic State" "Daesh"
  newsgraph merge "United States" "Washington" --note "the government, not the city"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withWriteDB(ctx, func(store *db.DB) error {
				keep, err := one(ctx, store, args[0])
				if err != nil {
					return err
				}
				other, err := one(ctx, store, args[1])
				if err != nil {
					return err
				}
				m, err := store.MergeEntities(ctx, keep.ID, other.ID, note)
				if err != nil {
					return &userError{fmt.Sprintf("cannot merge %s and %s: %v", other.Name, keep.Name, err)}
				}
				return a.printMerge(m)
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why, recorded with the merge")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print the correction as JSON")
	return cmd
}

func newSplitCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "split NAME",
		Short: "Take a merged name back out of the entity it was merged into",
		Long: `Split undoes the grouping of one name: the entity written NAME stands on its
own again, with its own mentions and relations, and automatic rules will not
merge it back (later articles naming it resolve to it). 'newsgraph entity'
lists a group's names; 'newsgraph doctor' suggests splits.`,
		Example: `  newsgraph split "al-Sudani"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withWriteDB(ctx, func(store *db.DB) error {
				named, err := store.Named(ctx, args[0])
				if err != nil {
					return err
				}
				if len(named) == 0 {
					_, err := resolve(ctx, store, args[0]) // for suggestions
					if err == nil {
						err = &userError{fmt.Sprintf("%q is an alias, not an entity of its own: nothing to split", args[0])}
					}
					return err
				}
				var last error
				for _, e := range named {
					m, err := store.SplitEntity(ctx, e.ID, note)
					if err != nil {
						last = err
						continue
					}
					return a.printMerge(m)
				}
				return &userError{fmt.Sprintf("cannot split %s: %v", args[0], last)}
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why, recorded with the split")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print the correction as JSON")
	return cmd
}

func newAliasCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "alias",
		Short: "Give entities other names",
	}
	add := &cobra.Command{
		Use:   "add NAME ALIAS",
		Short: "Make ALIAS another name of NAME: later articles writing ALIAS resolve to it",
		Example: `  newsgraph alias add "Islamic State" Daesh
  newsgraph alias add "United States" "the Biden administration"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withWriteDB(ctx, func(store *db.DB) error {
				e, err := one(ctx, store, args[0])
				if err != nil {
					return err
				}
				m, err := store.AddAlias(ctx, e.ID, args[1])
				if err != nil {
					return &userError{err.Error()}
				}
				return a.printMerge(m)
			})
		},
	}
	add.Flags().BoolVar(&a.jsonOut, "json", false, "print the correction as JSON")
	cmd.AddCommand(add)
	return cmd
}

func newUndoCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "undo [ID]",
		Short: "Reverse a correction (merge, split, alias); the latest by default",
		Example: `  newsgraph undo
  newsgraph undo 12`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id int64
			if len(args) == 1 {
				var err error
				if id, err = strconv.ParseInt(args[0], 10, 64); err != nil || id <= 0 {
					return &usageError{fmt.Errorf("%q is not a correction number (see 'newsgraph merges')", args[0])}
				}
			}
			return a.withWriteDB(cmd.Context(), func(store *db.DB) error {
				m, err := store.Undo(cmd.Context(), id)
				if err != nil {
					return &userError{err.Error()}
				}
				return a.printMerge(m)
			})
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print the correction as JSON")
	return cmd
}

func newMergesCmd(a *app) *cobra.Command {
	var f db.MergeFilter
	cmd := &cobra.Command{
		Use:   "merges",
		Short: "List merges, splits and aliases, automatic and by users, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				ms, err := store.Merges(cmd.Context(), f)
				if err != nil {
					return err
				}
				if a.jsonOut {
					return jsonLines(a.out, ms)
				}
				if len(ms) == 0 {
					fmt.Fprintln(a.out, "no merges, splits or aliases recorded yet")
					return nil
				}
				rows := make([][]string, len(ms))
				for i, m := range ms {
					state := ""
					if m.Undone != "" {
						state = "undone"
					}
					rows[i] = []string{strconv.FormatInt(m.ID, 10), m.Action, m.Origin, m.Rule, describeMerge(m), state, m.Evidence}
				}
				return a.table([]string{"ID", "ACTION", "BY", "RULE", "WHAT", "STATE", "EVIDENCE"}, rows)
			})
		},
	}
	cmd.Flags().StringVar(&f.Origin, "by", "", "only auto or user corrections")
	cmd.Flags().IntVar(&f.Limit, "limit", 0, "at most N (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: id, action, origin, rule, target, source, alias, evidence, created, undone")
	return cmd
}

func newDoctorCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "List likely duplicate entities and likely wrong merges for review",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDB(cmd.Context(), func(store *db.DB) error {
				fs, err := store.Doctor(cmd.Context())
				if err != nil {
					return err
				}
				if a.jsonOut {
					return jsonLines(a.out, fs)
				}
				if len(fs) == 0 {
					fmt.Fprintln(a.out, "no likely duplicates or wrong merges found")
					return nil
				}
				rows := make([][]string, len(fs))
				for i, f := range fs {
					rows[i] = []string{f.Kind, strings.Join(f.Entities, " / "), f.Reason, f.Fix}
				}
				return a.table([]string{"KIND", "ENTITIES", "WHY", "FIX"}, rows)
			})
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines: kind, entities, reason, fix")
	return cmd
}
