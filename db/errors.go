package db

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

// Error codes: what is wrong with the database file, for callers that
// react differently (the CLI adds which command to run).
const (
	ENotNewsgraph = "not_newsgraph" // not SQLite, or SQLite holding other tables
	ENewer        = "newer"         // written by a newer newsgraph
	EMigrate      = "migrate"       // an older schema: upgrading it writes
	EReadOnly     = "read_only"     // the file or its directory cannot be written
	ECorrupt      = "corrupt"       // SQLite found the file damaged
	EFull         = "full"          // the disk, or the file's size limit, is full
	EIO           = "io"            // the system failed to read or write the file
	ELocked       = "locked"        // another program kept the file locked past busy_timeout
)

// Error is a fault of the database file itself, with a message for the
// user that says what is wrong and, where there is one, what to do.
type Error struct {
	Code    string
	Path    string
	Message string // complete: starts with the path
	Err     error  // the SQLite error behind it, if any
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the *Error in err's chain, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// SQLite's primary result codes this package tells apart (the driver
// reports extended codes: the low byte is the primary one).
const (
	sqliteBusy     = 5  // SQLITE_BUSY
	sqliteReadOnly = 8  // SQLITE_READONLY
	sqliteIOErr    = 10 // SQLITE_IOERR
	sqliteCorrupt  = 11 // SQLITE_CORRUPT
	sqliteFull     = 13 // SQLITE_FULL
	sqliteCantOpen = 14 // SQLITE_CANTOPEN
	sqliteNotADB   = 26 // SQLITE_NOTADB

	sqliteReadOnlyDirectory = sqliteReadOnly | 6<<8 // SQLITE_READONLY_DIRECTORY
)

// sqliteCode returns the extended SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isCorrupt says whether err is SQLite finding the file damaged.
func isCorrupt(err error) bool {
	if c := sqliteCode(err) & 0xff; c == sqliteCorrupt || c == sqliteNotADB {
		return true
	}
	// Errors that lost the driver's type on the way keep its words.
	return err != nil && strings.Contains(err.Error(), "database disk image is malformed")
}

// Diagnose returns err, or an *Error that says what is wrong with the file
// when err comes from the file itself: read-only, damaged, on a full disk,
// failing to read or write, or locked by another program for longer than
// busy_timeout. Each would meet every later write too, so callers stop
// there. For a damaged file it runs PRAGMA quick_check and gives its
// answer. quick_check reads every page (seconds for a file of hundreds of
// MB), which is why it runs here, once something has failed, and never
// when a database is opened.
func (db *DB) Diagnose(ctx context.Context, err error) error {
	if err == nil || ErrorCode(err) != "" {
		return err
	}
	switch sqliteCode(err) & 0xff {
	case sqliteReadOnly:
		if !db.readOnly {
			return readOnlyError(db.path, err)
		}
	case sqliteFull:
		// SQLITE_FULL: the file system has no room (ENOSPC), or the file
		// reached PRAGMA max_page_count. What was committed is whole.
		return &Error{Code: EFull, Path: db.path, Err: err, Message: fmt.Sprintf(
			"%s cannot grow: the disk is full (%v). Free space on the file system holding %s, then run the command again",
			db.path, err, filepath.Dir(db.path))}
	case sqliteIOErr:
		return &Error{Code: EIO, Path: db.path, Err: err, Message: fmt.Sprintf(
			"%s could not be read or written: %v. Check the disk and its file system (dmesg), then run the command again",
			db.path, err)}
	case sqliteBusy:
		// Newsgraph's writers take turns (the single-writer lock); this is
		// another program, such as the sqlite3 shell, holding a write
		// transaction open.
		return &Error{Code: ELocked, Path: db.path, Err: err, Message: fmt.Sprintf(
			"%s is locked: another program has kept a write transaction open on it for longer than %d s (%v). End it (close the sqlite3 shell's transaction), then run the command again",
			db.path, busyTimeoutMS/1000, err)}
	}
	if isCorrupt(err) {
		return corruptError(ctx, db, err)
	}
	return err
}

// corruptError runs PRAGMA quick_check and returns an ECorrupt error with
// its answer (its first lines).
func corruptError(ctx context.Context, db *DB, cause error) *Error {
	const maxLines = 10
	var lines []string
	rows, err := db.sql.QueryContext(ctx, `PRAGMA quick_check(`+fmt.Sprint(maxLines)+`)`)
	if err == nil {
		for rows.Next() {
			var s string
			if rows.Scan(&s) == nil {
				lines = append(lines, s)
			}
		}
		err = rows.Err()
		rows.Close()
	}
	var answer string
	switch {
	case err != nil:
		answer = "PRAGMA quick_check could not run: " + err.Error()
	case len(lines) == 1 && lines[0] == "ok":
		answer = "PRAGMA quick_check answers ok (the damage may be in what quick_check does not read, such as index contents: run PRAGMA integrity_check in the sqlite3 shell)"
	default:
		answer = "PRAGMA quick_check answers:\n  " + strings.ReplaceAll(strings.Join(lines, "\n"), "\n", "\n  ")
	}
	return &Error{Code: ECorrupt, Path: db.path, Err: cause,
		Message: fmt.Sprintf("%s is damaged (%v). %s\nRestore it from a backup, or recover what can be read with the sqlite3 shell's .recover command.", db.path, cause, answer)}
}
