package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/db"
)

// app carries what every command shares: where to read and write, and the
// database path.
type app struct {
	in       io.Reader
	out      io.Writer
	errOut   io.Writer
	dbPath   string
	jsonOut  bool
	terminal bool // out is a terminal: tables fit its width
	progress bool // errOut is a terminal: show progress
	width    int
}

// userError is an error the user can fix; it prints without a usage dump.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

// usageError is a command line cobra could not parse.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() + " (see --help)" }
func (e *usageError) Unwrap() error { return e.err }

// exitError carries an exit status for an error already reported.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "newsgraph",
		Short:         "Turn news articles into a knowledge graph in one SQLite file",
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version,
	}
	def := os.Getenv("NEWSGRAPH_DB")
	if def == "" {
		def = "newsgraph.db"
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", def, "database file (default from $NEWSGRAPH_DB, else newsgraph.db)")
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	root.AddCommand(newIngestCmd(a), newEntitiesCmd(a), newEntityCmd(a), newRelationsCmd(a),
		newPathCmd(a), newExportCmd(a), newExtractCmd(a), newDemoCmd(a), newTrainCmd(a), newEvalCmd(a),
		newAnalyzeCmd(a), newRankCmd(a), newCommunitiesCmd(a), newNeighborsCmd(a), newRenderCmd(a),
		newMergeCmd(a), newSplitCmd(a), newAliasCmd(a), newUndoCmd(a), newMergesCmd(a), newDoctorCmd(a), newQuotesCmd(a),
		newMigrateCmd(a), newVersionCmd(a), newManCmd(a), newSearchCmd(a))
	// Bad flags and argument counts are usage errors (exit status 2).
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	typedArgErrors(root)
	addCompletions(a, root)
	return root
}

// requireFlags returns a usage error naming the first of the flags not
// given. (Cobra's MarkFlagRequired errors are untyped and would exit 1.)
func requireFlags(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			return &usageError{fmt.Errorf("required flag --%s not set", n)}
		}
	}
	return nil
}

// typedArgErrors makes argument-count errors of every command, however
// deep, usage errors.
func typedArgErrors(c *cobra.Command) {
	for _, sub := range c.Commands() {
		if check := sub.Args; check != nil {
			sub.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return &usageError{err}
				}
				return nil
			}
		}
		typedArgErrors(sub)
	}
}

const version = "0.1.0"

// run executes the command line and maps errors to exit statuses in one
// place: 0 success, 1 failure, 2 bad usage.
func run(args []string, in io.Reader, out, errOut io.Writer) int {
	a := &app{in: in, out: out, errOut: errOut, width: 100}
	a.terminal, a.width = terminal(out)
	a.progress, _ = terminal(errOut)
	return a.run(args)
}

// run is run with what the terminals were found to be already in a: tests
// set a.terminal or a.progress to see what a terminal would.
func (a *app) run(args []string) int {
	errOut := a.errOut
	root := newRoot(a)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(errOut, "newsgraph:", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(errOut, "newsgraph:", err)
	var ue *usageError
	// cobra reports an unknown command as a plain error.
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		return 2
	}
	return 1
}

// open opens the database for a command that writes to it, creating it
// when it does not exist. It holds the single-writer lock until the
// database is closed: while another newsgraph writes to the file, it
// waits (until ctx ends), and says so on stderr, so that two writers, two
// ingests above all, run one after the other rather than interleaved
// (db/lock.go says why).
func (a *app) open(ctx context.Context) (*db.DB, error) {
	store, err := db.Open(ctx, a.dbPath, db.SingleWriter(func() {
		fmt.Fprintf(a.errOut, "waiting for another newsgraph writer on %s...\n", a.dbPath)
	}))
	return store, dbError(err, true)
}

// withDB runs fn, a look-up, with the database opened read-only: it must
// exist already and be up to date, and nothing is written to it, so a
// read-only file or directory serves look-ups. The database is closed
// after.
func (a *app) withDB(ctx context.Context, fn func(store *db.DB) error) error {
	if err := a.mustExist(); err != nil {
		return err
	}
	store, err := db.OpenReadOnly(ctx, a.dbPath)
	if err != nil {
		return dbError(err, false)
	}
	defer store.Close()
	return dbError(store.Diagnose(ctx, fn(store)), false)
}

// withWriteDB runs fn, which writes, with the database, which must exist
// already, and closes it after.
func (a *app) withWriteDB(ctx context.Context, fn func(store *db.DB) error) error {
	if err := a.mustExist(); err != nil {
		return err
	}
	store, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	return dbError(store.Diagnose(ctx, fn(store)), true)
}

func (a *app) mustExist() error {
	if _, err := os.Stat(a.dbPath); err != nil {
		return &userError{fmt.Sprintf("no database at %s: run 'newsgraph ingest PATH' or 'newsgraph demo' first, or pass --db", a.dbPath)}
	}
	return nil
}

// dbError adds to a fault of the database file what to do about it with
// this command line; writes says whether the command writes to it.
func dbError(err error, writes bool) error {
	switch db.ErrorCode(err) {
	case db.EReadOnly:
		if !writes {
			return err
		}
		return &userError{err.Error() + ". This command writes to the database; look-up commands (entities, entity, relations, path, quotes, rank, communities, neighbors, export, render, merges, doctor) read a read-only one"}
	case db.EMigrate:
		return &userError{err.Error() + ". Run 'newsgraph migrate' (or any command that writes, such as ingest) first, where the file is writable"}
	}
	return err
}

// resolve finds the entities a name given on the command line means, or
// fails with suggestions.
func resolve(ctx context.Context, store *db.DB, name string) ([]newsgraph.Entity, error) {
	ents, err := store.Lookup(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(ents) > 0 {
		return ents, nil
	}
	msg := fmt.Sprintf("no entity named %q", name)
	if sugg, _ := store.Suggest(ctx, name, 5); len(sugg) > 0 {
		msg += "; did you mean: " + strings.Join(sugg, ", ") + "?"
	} else {
		msg += "; list entities with 'newsgraph entities --match TEXT'"
	}
	return nil, &userError{msg}
}

func checkType(t string) (string, error) {
	if t == "" {
		return "", nil
	}
	u := strings.ToUpper(t)
	for _, known := range newsgraph.EntityTypes {
		if u == known {
			return u, nil
		}
	}
	return "", &userError{fmt.Sprintf("unknown entity type %q (want one of %s)", t, strings.Join(newsgraph.EntityTypes, ", "))}
}

func checkRelation(t string) (string, error) {
	if t == "" {
		return "", nil
	}
	var names []string
	for _, rt := range newsgraph.Ontology {
		if strings.EqualFold(rt.Name, t) {
			return rt.Name, nil
		}
		names = append(names, rt.Name)
	}
	return "", &userError{fmt.Sprintf("unknown relation type %q (want one of %s)", t, strings.Join(names, ", "))}
}
