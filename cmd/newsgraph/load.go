package main

import (
	"cmp"
	"context"
	"fmt"
	"regexp"

	"github.com/spf13/pflag"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
	"github.com/newsgraph/newsgraph/graph"
)

// loadGraph reads the relations and the entities they connect.
func loadGraph(ctx context.Context, store *db.DB) ([]newsgraph.Entity, []newsgraph.Fact, error) {
	facts, err := store.Facts(ctx, db.FactFilter{ByID: true})
	if err != nil {
		return nil, nil, err
	}
	ents, err := entitiesOf(ctx, store, facts)
	return ents, facts, err
}

// entitiesOf reads the entities the facts link.
func entitiesOf(ctx context.Context, store *db.DB, facts []newsgraph.Fact) ([]newsgraph.Entity, error) {
	seen := map[int64]bool{}
	var want []int64
	for _, f := range facts {
		for _, id := range []int64{f.SubjectID, f.ObjectID} {
			if !seen[id] {
				seen[id] = true
				want = append(want, id)
			}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	return store.Entities(ctx, db.EntityFilter{IDs: want})
}

// graphFlags are the filters shared by analyze, export, render and
// neighbors.
type graphFlags struct {
	relations   []string
	entityTypes []string
	since       string
	until       string
	minWeight   int
	minConf     float64
	around      string
	hops        int
}

func (g *graphFlags) register(f *pflag.FlagSet, relationFlag string) {
	f.StringSliceVar(&g.relations, relationFlag, nil, "only these relation types (repeat or comma-separate)")
	f.StringSliceVar(&g.entityTypes, "entity-type", nil, "only relations between entities of these types")
	f.StringVar(&g.since, "since", "", "only relations dated on or after YYYY-MM-DD (undated ones go)")
	f.StringVar(&g.until, "until", "", "only relations dated on or before YYYY-MM-DD (undated ones go)")
	f.IntVar(&g.minWeight, "min-weight", 0, "only relations supported by at least N sentences")
	f.Float64Var(&g.minConf, "min-confidence", 0, "only relations at least this confident (0 to 1)")
	f.StringVar(&g.around, "around", "", "only the network within --hops of this entity")
	f.IntVar(&g.hops, "hops", 2, "with --around: how many hops out")
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// filter checks the flags and turns them into a graph filter.
func (g *graphFlags) filter(ctx context.Context, store *db.DB) (graph.Filter, error) {
	f := graph.Filter{Since: g.since, Until: g.until, MinWeight: g.minWeight, MinConfidence: g.minConf, Hops: g.hops}
	for _, r := range g.relations {
		name, err := checkRelation(r)
		if err != nil {
			return f, err
		}
		f.Relations = append(f.Relations, name)
	}
	for _, t := range g.entityTypes {
		typ, err := checkType(t)
		if err != nil {
			return f, err
		}
		f.EntityTypes = append(f.EntityTypes, typ)
	}
	for _, d := range []string{g.since, g.until} {
		if d != "" && !isoDate.MatchString(d) {
			return f, &userError{fmt.Sprintf("date %q is not YYYY-MM-DD", d)}
		}
	}
	if g.minConf < 0 || g.minConf > 1 {
		return f, &userError{"--min-confidence must be between 0 and 1"}
	}
	if g.around != "" {
		ents, err := resolve(ctx, store, g.around)
		if err != nil {
			return f, err
		}
		f.Around = ents[0].ID
	}
	return f, nil
}

// loadFiltered loads the graph and applies the filter flags.
func (g *graphFlags) load(ctx context.Context, store *db.DB) ([]newsgraph.Entity, []newsgraph.Fact, graph.Filter, error) {
	return g.loadFor(ctx, store, false)
}

// loadFor is load; lean reads only what graph measures need of each fact
// (no names, evidence or article): analyze at archive size.
func (g *graphFlags) loadFor(ctx context.Context, store *db.DB, lean bool) ([]newsgraph.Entity, []newsgraph.Fact, graph.Filter, error) {
	f, err := g.filter(ctx, store)
	if err != nil {
		return nil, nil, f, err
	}
	// The filters run in SQL, and a network around an entity is read by
	// search from it: only what is kept is read.
	var facts []newsgraph.Fact
	ff := factFilter(f)
	ff.Lean = lean
	if f.Around != 0 && f.Hops > 0 {
		facts, err = store.FactsAround(ctx, f.Around, f.Hops, ff, true)
	} else {
		facts, err = store.Facts(ctx, ff)
	}
	if err != nil {
		return nil, nil, f, err
	}
	ents, err := entitiesOf(ctx, store, facts)
	if err != nil {
		return nil, nil, f, err
	}
	ents, facts = f.Apply(ents, facts)
	return ents, facts, f, nil
}

// loadAnalysis reads the graph the flags keep as analyze needs it: the
// facts as edges in arrays, and their entities' names and mentions (which
// number the nodes), without the names, evidence and articles of every
// fact. It returns the graph and its number of relations. A network
// around an entity is read by search, as load does.
func (g *graphFlags) loadAnalysis(ctx context.Context, store *db.DB) (*graph.Graph, int, graph.Filter, error) {
	f, err := g.filter(ctx, store)
	if err != nil {
		return nil, 0, f, err
	}
	if f.Around != 0 && f.Hops > 0 {
		ents, facts, f, err := g.loadFor(ctx, store, true)
		if err != nil {
			return nil, 0, f, err
		}
		return graph.New(ents, facts), len(facts), f, nil
	}
	// Every other filter runs in SQL.
	gr, relations, err := edgeGraph(ctx, store, factFilter(f))
	return gr, relations, f, err
}

// size counts the entities and relations the flags keep, reading the
// facts as edges only (ids): what render checks before it reads more.
func (g *graphFlags) size(ctx context.Context, store *db.DB) (entities, relations int, err error) {
	f, err := g.filter(ctx, store)
	if err != nil {
		return 0, 0, err
	}
	if f.Around != 0 && f.Hops > 0 {
		ents, facts, _, err := g.loadFor(ctx, store, true)
		return len(ents), len(facts), err
	}
	edges, err := store.Edges(ctx, factFilter(f))
	if err != nil {
		return 0, 0, err
	}
	ends := make(map[int64]struct{})
	for _, e := range edges {
		ends[e.SubjectID], ends[e.ObjectID] = struct{}{}, struct{}{}
	}
	return len(ends), len(edges), nil
}

// edgeGraph reads the facts ff selects as edges, with their entities'
// names and mentions, into a graph for its measures, and returns it with
// its number of relations.
func edgeGraph(ctx context.Context, store *db.DB, ff db.FactFilter) (*graph.Graph, int, error) {
	// The entities are read while the edges are, on another connection.
	var ents []newsgraph.Entity
	var entsErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		ents, entsErr = store.Nodes(ctx, ff)
	}()
	edges, err := store.Edges(ctx, ff)
	<-done
	if err = cmp.Or(err, entsErr); err != nil {
		return nil, 0, err
	}
	return graph.FromEdges(ents, edges), len(edges), nil
}

// factFilter is a graph filter's part that SQL can apply.
func factFilter(f graph.Filter) db.FactFilter {
	return db.FactFilter{Types: f.Relations, EntityTypes: f.EntityTypes, Since: f.Since, Until: f.Until,
		MinWeight: f.MinWeight, MinConf: f.MinConfidence, ByID: true}
}
