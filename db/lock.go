package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// The single-writer lock. Open with SingleWriter (what every writing
// newsgraph command uses) takes an exclusive lock on a file beside the
// database, FILE-lock, and holds it until Close; another process opening
// the database so waits for it. The lock is advisory: look-ups
// (OpenReadOnly) never take it, and never wait for it.
//
// Why a lock for a whole run, when BEGIN IMMEDIATE (see Open) already
// makes concurrent writers queue transaction by transaction without losing
// anything: entity resolution depends on what the database holds already
// (a lone surname joins the one person who has it, a full name takes in
// the lone surnames stored before it; resolve.go), so two ingests
// interleaved article by article would resolve names differently from
// either one run after the other, and differently each time. Under the
// lock two concurrent runs give what the same runs give one after the
// other, in the order they took the lock. Making resolution independent of
// order would mean re-resolving earlier entities whenever new ones arrive;
// a writer that waits is the simpler guarantee.
//
// Why a file of its own rather than a lock on the database file: SQLite
// locks byte ranges of the database file with fcntl, and where flock is
// emulated with fcntl (NFS, some BSDs) a whole-file lock on it would stop
// SQLite's readers; and closing any descriptor of the database file drops
// every fcntl lock the process holds on it. The lock file is never
// removed: a process still waiting on a removed file and one that created
// it anew would both hold "the" lock.

// An Option changes what Open does.
type Option func(*openOptions)

type openOptions struct {
	singleWriter bool
	onWait       func()
}

// SingleWriter makes Open take the database's writer lock and hold it
// until Close. While another process (or another DB in this process)
// holds it, Open waits, until the holder closes the database or ctx ends;
// onWait, when not nil, is called once as the waiting begins, so the
// caller can say why nothing happens.
func SingleWriter(onWait func()) Option {
	return func(o *openOptions) { o.singleWriter, o.onWait = true, onWait }
}

// writerLock is a held single-writer lock.
type writerLock struct{ f *os.File }

// lockPath is the file the single-writer lock of the database at path is
// taken on.
func lockPath(path string) string { return path + "-lock" }

// lockWriter takes the single-writer lock of the database at path, waiting
// while another holds it. Where the file system cannot lock files it
// returns a nil lock and no error: SQLite's own locks still keep each
// transaction whole (docs/RELIABILITY.md).
func lockWriter(ctx context.Context, path string, onWait func()) (*writerLock, error) {
	name := lockPath(path)
	perm := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		perm = info.Mode().Perm() // as SQLite makes -wal and -shm
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, perm)
	if errors.Is(err, fs.ErrPermission) {
		// Another user's lock file: a descriptor open for reading locks too.
		if g, rerr := os.Open(name); rerr == nil {
			f, err = g, nil
		}
	}
	if err != nil {
		return nil, lockFileError(path, name, err)
	}
	delay := 5 * time.Millisecond
	for waited := false; ; waited = true {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			if errors.Is(err, errLockUnsupported) {
				return nil, nil
			}
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if ok {
			return &writerLock{f: f}, nil
		}
		if !waited && onWait != nil {
			onWait()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// lockFileError says why the lock file could not be opened.
func lockFileError(path, name string, err error) error {
	e := &Error{Code: EReadOnly, Path: path, Err: err}
	switch {
	case errors.Is(err, syscall.EROFS):
		e.Message = fmt.Sprintf("%s is on a read-only file system", path)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission) && !exists(name):
		e.Message = fmt.Sprintf("%s cannot be written: its directory %s is read-only, and a writer keeps %s (newsgraph's writer lock) and SQLite's %s-wal and %s-shm beside the database",
			path, filepath.Dir(path), filepath.Base(name), filepath.Base(path), filepath.Base(path))
	case errors.Is(err, fs.ErrPermission):
		e.Message = fmt.Sprintf("%s cannot be written: %s, newsgraph's writer lock beside it, cannot be opened (%v); make it readable, or remove it while nothing has the database open", path, name, errors.Unwrap(err))
	default:
		return fmt.Errorf("open %s: %w", name, err)
	}
	return e
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// unlock releases the lock. The file stays (see above).
func (l *writerLock) unlock() error {
	if l == nil {
		return nil
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// errLockUnsupported is tryLock's answer where files cannot be locked.
var errLockUnsupported = errors.New("file locking is not supported here")
