package db

import (
	"context"
	"database/sql"
	"sync"
)

// preparedTx runs a transaction's statements through statements prepared
// once per database: ingest runs the same dozen statements for every
// mention and fact, and preparing them anew each time was a quarter of its
// cost (modernc.org/sqlite does not cache prepared statements).
type preparedTx struct {
	tx *sql.Tx
	db *DB
	// The statements bound to tx, by text: binding one (Tx.StmtContext)
	// makes a new statement that tx keeps until it ends, so a batch
	// binding one per row gathered one per row.
	bound map[string]*sql.Stmt
}

// stmtCache holds the database's prepared statements by text.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func (db *DB) prepared(tx *sql.Tx) preparedTx { return preparedTx{tx, db, map[string]*sql.Stmt{}} }

func (p preparedTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := p.bound[query]; ok {
		return s, nil
	}
	s, err := p.bind(ctx, query)
	if err == nil {
		p.bound[query] = s
	}
	return s, err
}

// bind returns the database's prepared statement for query, bound to the
// transaction.
func (p preparedTx) bind(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &p.db.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return p.tx.StmtContext(ctx, s), nil
	}
	if p.db.sql.Stats().MaxOpenConnections == 1 {
		// The transaction holds the only connection: preparing on the
		// database would wait for it forever. Prepare for this
		// transaction alone.
		return p.tx.PrepareContext(ctx, query)
	}
	s, err := p.db.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return p.tx.StmtContext(ctx, s), nil
}

func (p preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := p.stmt(ctx, query)
	if err != nil {
		// database/sql offers no Row carrying an error: ask the
		// transaction itself, which reports the same error.
		return p.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// closeStmts closes the prepared statements.
func (db *DB) closeStmts() {
	db.cache.mu.Lock()
	defer db.cache.mu.Unlock()
	for _, s := range db.cache.stmts {
		s.Close()
	}
	db.cache.stmts = nil
}
