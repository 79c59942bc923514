package main

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"modernc.org/sqlite"
)

// argsEnv, when set, makes the test binary the newsgraph command: its value
// is the command line as JSON. Tests use it to run newsgraph as another
// user, and as several processes at once.
const argsEnv = "NEWSGRAPH_TEST_ARGS"

// maxPagesEnv, when set with argsEnv, caps every connection the command
// opens for writing at that many pages (PRAGMA max_page_count): SQLite then
// fails writes with SQLITE_FULL, "database or disk is full", as on a full
// disk.
const maxPagesEnv = "NEWSGRAPH_TEST_MAX_PAGES"

// batchEnv, when set with argsEnv, is the most articles a batch of the
// command's ingest holds (batchArticles): tests that stop an ingest
// between batches set it low, since with the default the 300 articles of
// their corpus are stored in one.
const batchEnv = "NEWSGRAPH_TEST_BATCH"

func TestMain(m *testing.M) {
	if v := os.Getenv(argsEnv); v != "" {
		var args []string
		if err := json.Unmarshal([]byte(v), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		if v := os.Getenv(batchEnv); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			batchArticles = n
		}
		if v := os.Getenv(maxPagesEnv); v != "" {
			pages, err := strconv.Atoi(v)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
				if strings.Contains(dsn, "mode=ro") {
					return nil
				}
				_, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", pages), []driver.NamedValue{})
				return err
			})
		}
		os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
	}
	code := m.Run()
	for _, f := range afterTests {
		f()
	}
	os.Exit(code)
}

// afterTests are run once every test has: removing what tests share.
var afterTests []func()

// newsgraphCmd returns a command that runs newsgraph with args in a process
// of its own (this test binary, through TestMain), with env added to this
// process's environment.
func newsgraphCmd(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary to run newsgraph in a process of its own: %v", err)
	}
	argv, _ := json.Marshal(args)
	cmd := exec.Command(exe)
	cmd.Env = append(append(os.Environ(), argsEnv+"="+string(argv)), env...)
	return cmd
}
