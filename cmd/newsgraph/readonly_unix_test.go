//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dbtest"
)

// nobody is the unprivileged user root runs newsgraph as.
const nobody = 65534

// unprivileged returns a function that runs newsgraph as a user file
// permissions apply to. Not as root, that is this process (run in process).
// As root, whom permissions do not stop, it is a copy of the test binary run
// as uid and gid 65534 (nobody); the test skips where the user cannot be
// changed. open lists directories that user must be able to enter.
func unprivileged(t *testing.T, open ...string) func(args ...string) (int, string, string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return func(args ...string) (int, string, string) {
			var out, errOut bytes.Buffer
			code := run(args, strings.NewReader(""), &out, &errOut)
			return code, out.String(), errOut.String()
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary to run as another user: %v", err)
	}
	binDir := t.TempDir()
	bin := filepath.Join(binDir, "newsgraph.test")
	copyFile(t, exe, bin, 0o755)
	for _, d := range append(open, binDir) {
		// t.TempDir makes 0700 directories under a 0700 one.
		for _, p := range []string{d, filepath.Dir(d)} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	runAs := func(args ...string) (int, string, string) {
		argv, _ := json.Marshal(args)
		cmd := exec.Command(bin)
		cmd.Dir = binDir
		cmd.Env = append(os.Environ(), argsEnv+"="+string(argv))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Skipf("cannot run newsgraph as uid %d to meet real file permissions: %v", nobody, err)
		}
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := runAs("--version"); code != 0 {
		t.Skipf("cannot run newsgraph as uid %d: %s", nobody, errOut)
	}
	return runAs
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyPermissions runs every look-up, and the writing commands, on
// a database the system does not let the user write: as that user (nobody,
// when the tests run as root), with file and directory modes set by chmod.
// Look-ups must work and leave the directory as it was; writing commands
// must fail saying what is read-only.
func TestReadOnlyPermissions(t *testing.T) {
	for _, c := range []struct {
		name             string
		fileMode, dirMod os.FileMode
		refusal          string
	}{
		// SQLite cannot create the -shm file a WAL database is read through:
		// the immutable=1 fallback.
		{"read-only file and directory", 0o444, 0o555, "test.db is read-only (permissions 0444)"},
		{"read-only directory, writable file", 0o666, 0o555, "test.db cannot be written: its directory"},
		// Nobody may write the file: immutable=1 from the start, and no
		// -shm is created even though the directory would allow it.
		{"read-only file, writable directory", 0o444, 0o777, "test.db is read-only (permissions 0444)"},
		// Another user's file, writable by its owner only: SQLite's own
		// read-only path (mode=ro), which creates a -shm beside it.
		{"another user's file", 0o644, 0o777, "test.db is read-only (permission denied)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "another user's file" && os.Geteuid() != 0 {
				t.Skip("needs root to make a file another user's")
			}
			dir, path := analyzedSeed(t)
			outDir := t.TempDir()
			as := unprivileged(t, dir, outDir)
			os.Chmod(outDir, 0o777)
			if err := os.Chmod(path, c.fileMode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, c.dirMod); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) }) // so the temporary directory can be removed
			before := dbtest.Snapshot(t, dir)
			list := append([][]string(nil), lookups...)
			list = append(list, []string{"export", "--format", "gexf", "-o", filepath.Join(outDir, "g.gexf")})
			if _, err := exec.LookPath("dot"); err == nil {
				list = append(list, []string{"render", "-o", filepath.Join(outDir, "g.svg")})
			}
			for _, args := range list {
				code, out, errOut := as(append([]string{"--db", path}, args...)...)
				if code != 0 || (out == "" && !strings.Contains(strings.Join(args, " "), "-o")) {
					t.Errorf("%s: exit %d, %d bytes out, %s", strings.Join(args, " "), code, len(out), errOut)
				}
			}
			if after := dbtest.Snapshot(t, dir); after != before && c.name != "another user's file" {
				t.Errorf("look-ups changed the directory:\n%s\nwas\n%s", after, before)
			} else if first := strings.SplitN(after, "\n", 2)[0]; first != strings.SplitN(before, "\n", 2)[0] {
				t.Errorf("look-ups changed the database file")
			}
			for _, args := range writers {
				code, _, errOut := as(append([]string{"--db", path}, args...)...)
				if code != 1 || !strings.Contains(errOut, c.refusal) || !strings.Contains(errOut, "This command writes to the database") {
					t.Errorf("%s: exit %d, %s", strings.Join(args, " "), code, errOut)
				}
			}
			if first := strings.SplitN(dbtest.Snapshot(t, dir), "\n", 2)[0]; first != strings.SplitN(before, "\n", 2)[0] {
				t.Errorf("writing commands changed the database file")
			}
		})
	}
}
