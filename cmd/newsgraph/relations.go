package main

import (
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/db"
)

type relationsOptions struct {
	subject, object, entity, typ string
	minConf                      float64
	limit                        int
}

func newRelationsCmd(a *app) *cobra.Command {
	var o relationsOptions
	cmd := &cobra.Command{
		Use:   "relations",
		Short: "List relations with their evidence",
		Example: `  newsgraph relations --entity Romanowski
  newsgraph relations --type meets_with --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			typ, err := checkRelation(o.typ)
			if err != nil {
				return err
			}
			return a.withDB(ctx, func(store *db.DB) error {
				f := db.FactFilter{MinConf: o.minConf, Limit: o.limit}
				if typ != "" {
					f.Types = []string{typ}
				}
				for _, x := range []struct {
					name string
					dst  *[]int64
				}{{o.subject, &f.Subjects}, {o.object, &f.Objects}, {o.entity, &f.Entities}} {
					if x.name == "" {
						continue
					}
					ents, err := resolve(ctx, store, x.name)
					if err != nil {
						return err
					}
					*x.dst = db.IDs(ents)
				}
				facts, err := store.Facts(ctx, f)
				if err != nil {
					return err
				}
				return a.printFacts(facts)
			})
		},
	}
	cmd.Flags().StringVar(&o.subject, "subject", "", "subject NAME (name or alias, case-insensitive)")
	cmd.Flags().StringVar(&o.object, "object", "", "object NAME")
	cmd.Flags().StringVar(&o.entity, "entity", "", "NAME as subject or object")
	cmd.Flags().StringVar(&o.typ, "type", "", "relation type, e.g. meets_with")
	cmd.Flags().Float64Var(&o.minConf, "min-confidence", 0, "only relations at least this confident")
	cmd.Flags().IntVar(&o.limit, "limit", 0, "at most N relations (0: all)")
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON Lines (see README: subject, subject_type, relation, object, object_type, date, confidence, evidence, article, ...)")
	return cmd
}
