package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// Shell completion (newsgraph completion bash|zsh|fish|powershell) knows
// the values of flags and the names of the database's entities.

// flagValues are the fixed values of flags, by command and flag.
var flagValues = map[string]map[string][]string{
	"export":  {"format": {"graphml", "gexf", "dot", "json", "cytoscape"}},
	"render":  {"format": {"svg", "png", "pdf"}, "layout": {"auto", "dot", "sfdp", "neato", "fdp", "circo", "twopi"}},
	"ingest":  {"format": {"auto", "text", "html", "jsonl"}},
	"extract": {"format": {"auto", "text", "html", "jsonl"}},
	"eval":    {"task": {"ner", "relations", "facts"}, "map": {"conll2003", "conll04", "dwie", "newsgraph"}},
	"rank":    {"by": {"pagerank", "betweenness", "closeness", "degree", "weighted_degree", "in_degree", "out_degree", "core"}},
}

// entityFlags take an entity's name.
var entityFlags = map[string]bool{"entity": true, "subject": true, "object": true, "around": true, "speaker": true}

// entityArgs are the commands whose arguments are entity names.
var entityArgs = map[string]bool{"entity": true, "path": true, "neighbors": true, "merge": true, "split": true}

// addCompletions registers value completion on every command under c.
func addCompletions(a *app, c *cobra.Command) {
	relations := make([]string, len(newsgraph.Ontology))
	for i, t := range newsgraph.Ontology {
		relations[i] = t.Name
	}
	names := func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return a.entityNames(prefix), cobra.ShellCompDirectiveNoFileComp
	}
	fixed := func(vals []string) cobra.CompletionFunc {
		return cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp)
	}
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			switch {
			case flagValues[cmd.Name()][f.Name] != nil:
				cmd.RegisterFlagCompletionFunc(f.Name, fixed(flagValues[cmd.Name()][f.Name]))
			case f.Name == "entity-type" || f.Name == "type" && (strings.Contains(f.Usage, "entity type") || strings.Contains(f.Usage, "PERSON")):
				cmd.RegisterFlagCompletionFunc(f.Name, fixed(newsgraph.EntityTypes))
			case f.Name == "relation" || f.Name == "type" && strings.Contains(f.Usage, "relation"):
				cmd.RegisterFlagCompletionFunc(f.Name, fixed(relations))
			case entityFlags[f.Name]:
				cmd.RegisterFlagCompletionFunc(f.Name, names)
			}
		})
		if entityArgs[cmd.Name()] && cmd.ValidArgsFunction == nil {
			cmd.ValidArgsFunction = names
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(c)
}

// entityNames completes an entity's name from the database, read-only;
// nothing when there is none.
func (a *app) entityNames(prefix string) []string {
	ctx := context.Background()
	store, err := db.OpenReadOnly(ctx, a.dbPath)
	if err != nil {
		return nil
	}
	defer store.Close()
	names, _ := store.NamesWithPrefix(ctx, prefix, 50)
	return names
}
