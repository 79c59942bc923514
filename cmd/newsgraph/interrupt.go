package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// interrupt turns the first SIGINT or SIGTERM a command receives into the
// end of a context, so that the command can finish what it is doing (ingest:
// the article it is storing), report what it did and exit with 128 plus the
// signal's number, as a shell reports a process the signal ended. Once the
// first has arrived the signals go back to their default action: a second
// one ends the process at once. Nothing is left half-written even then:
// ingest stores articles in batches, each batch one SQLite transaction,
// so each article is in the file whole or not at all.
type interrupt struct {
	ch     chan os.Signal
	cancel context.CancelFunc
	once   sync.Once
	quit   chan struct{}

	mu  sync.Mutex
	sig os.Signal
}

// onInterrupt returns a context that ends at the first SIGINT or SIGTERM
// (or with parent), and the interrupt that says which one; notice, when
// not nil, is called as the signal arrives. Call stop when done.
func onInterrupt(parent context.Context, notice func(os.Signal)) (context.Context, *interrupt) {
	ctx, cancel := context.WithCancel(parent)
	in := &interrupt{ch: make(chan os.Signal, 1), cancel: cancel, quit: make(chan struct{})}
	signal.Notify(in.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-in.ch:
			signal.Stop(in.ch) // the next one ends the process
			in.mu.Lock()
			in.sig = s
			in.mu.Unlock()
			if notice != nil {
				notice(s)
			}
			cancel()
		case <-in.quit:
		}
	}()
	return ctx, in
}

// signal returns the signal that arrived, or nil.
func (in *interrupt) signal() os.Signal {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.sig
}

// exitCode is the status to exit with after the signal: 130 for SIGINT,
// 143 for SIGTERM.
func (in *interrupt) exitCode() int {
	if s, ok := in.signal().(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// signalName names the signal as the system does ("SIGINT").
func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// stop stops listening for signals.
func (in *interrupt) stop() {
	in.once.Do(func() {
		signal.Stop(in.ch)
		close(in.quit)
		in.cancel()
	})
}

// errInterrupted ends reading an input when ctx has ended.
var errInterrupted = errors.New("interrupted")

// cancelableReader reads r until ctx ends. A read that blocks (standard
// input from a terminal or a pipe, a FIFO) then returns errInterrupted,
// the read itself left behind in its goroutine, since a blocked read
// cannot be called off; the command is ending. It counts the line ends it
// hands on, so that a reader of lines can tell the records it had whole
// from the one the interruption cut.
type cancelableReader struct {
	ctx   context.Context
	r     io.Reader
	buf   []byte
	res   chan readResult
	lines int  // line ends handed on
	cut   bool // a read ended with errInterrupted
}

var newline = []byte{'\n'}

type readResult struct {
	n   int
	err error
}

func newCancelableReader(ctx context.Context, r io.Reader) *cancelableReader {
	return &cancelableReader{ctx: ctx, r: r, res: make(chan readResult, 1)}
}

func (c *cancelableReader) Read(p []byte) (int, error) {
	if c.cut || c.ctx.Err() != nil {
		c.cut = true
		return 0, errInterrupted
	}
	if len(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	buf := c.buf[:len(p)]
	go func() {
		n, err := c.r.Read(buf)
		c.res <- readResult{n, err}
	}()
	select {
	case r := <-c.res:
		n := copy(p, buf[:r.n])
		c.lines += bytes.Count(p[:n], newline)
		return n, r.err
	case <-c.ctx.Done():
		// The goroutine may still fill buf: it is never read again.
		c.buf, c.cut = nil, true
		return 0, errInterrupted
	}
}
