package db

import (
	"context"
	"database/sql"
	"os"
)

// checkpointer copies the WAL into the database file beside the writer,
// on a connection of its own, for a database opened with SingleWriter
// (ingest). SQLite otherwise checkpoints in the commit that takes the WAL
// past wal_autocheckpoint pages, on the writer's goroutine: the copy and
// its two fsyncs, which on a growing archive were a tenth of storing's
// time in the second 10,000 of 20,000 synthetic articles
// (docs/PERFORMANCE.md, "Ingest"). A PASSIVE checkpoint never blocks the
// writer: it copies what was committed when it began, and the writer's
// next transaction starts the WAL over once all of it is copied.
//
// The writer's own connections keep wal_autocheckpoint, at four times the
// usual number of pages, as a bound should the checkpointer fall behind.
type checkpointer struct {
	poke   chan struct{} // a batch committed
	cancel context.CancelFunc
	done   chan struct{}
}

// walCheckpointBytes is the WAL size past which the checkpointer copies
// it: SQLite's wal_autocheckpoint of 10,000 pages, at 4 KB a page. Tests
// lower it.
var walCheckpointBytes int64 = 10000 * 4096

// checkpointed is called after each checkpoint the checkpointer ran,
// with whether it copied the whole WAL (a reader's snapshot may hold it
// back): tests wait on it.
var checkpointed = func(whole bool) {}

// startCheckpointer starts the checkpointer, if it is not running.
func (db *DB) startCheckpointer() {
	if db.ckpt != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{poke: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	db.ckpt = c
	go func() {
		defer close(c.done)
		var conn *sql.Conn
		defer func() {
			if conn != nil {
				conn.Close()
			}
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.poke:
			}
			if info, err := os.Stat(db.path + "-wal"); err != nil || info.Size() < walCheckpointBytes {
				continue
			}
			if conn == nil {
				var err error
				if conn, err = db.sql.Conn(ctx); err != nil {
					continue // the writer's autocheckpoint still bounds the WAL
				}
			}
			// An error (the context ended, the file at fault) leaves the
			// WAL to the writer's autocheckpoint and to Close.
			var busy, frames, copied int
			if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err == nil {
				checkpointed(frames == copied)
			}
		}
	}()
}

// checkpointSoon tells the checkpointer a batch committed.
func (db *DB) checkpointSoon() {
	if db.ckpt == nil {
		return
	}
	select {
	case db.ckpt.poke <- struct{}{}:
	default: // it has been told already
	}
}

// stopCheckpointer stops the checkpointer and waits for it, so that
// Close's own checkpoint is the last.
func (db *DB) stopCheckpointer() {
	if c := db.ckpt; c != nil {
		c.cancel()
		<-c.done
		db.ckpt = nil
	}
}
