package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often, at most, the progress line is drawn again.
const progressEvery = 100 * time.Millisecond

// progress shows, on one line of stderr while a command reads articles,
// how far it has got: the bytes read of its inputs' total size as a bar,
// or a spinner and the bytes read when a size is unknown (standard input,
// a pipe), and the articles done so far, so that one large JSON Lines file
// moves the line as its articles are read. The line is drawn at most
// every progressEvery and cleared when the command finishes.
//
// A nil *progress shows nothing, and every method may be called on it: a
// command asks newProgress for one and uses what it gets. It is safe to
// use from several goroutines (the one that reads, the one that stores).
type progress struct {
	bar  *progressbar.ProgressBar
	verb string // what the command does: "ingesting"

	mu    sync.Mutex
	total int64   // the inputs' size; -1 when one is unknown
	sizes []int64 // each input's, in the order they are read
	done  int     // the inputs read (doneInput)
	upto  int64   // their size
	read  int64   // bytes read
}

// newProgress returns the progress of a command that reads inputs (file
// names, - for standard input) in that order, or nil when there is to be
// none: stderr is not a terminal (a pipe, a file, a test's buffer), or the
// output is --json. verb says what the command does with the articles.
func newProgress(a *app, verb string, inputs []string) *progress {
	if !a.progress || a.jsonOut {
		return nil
	}
	p := &progress{verb: verb, sizes: make([]int64, len(inputs))}
	for i, in := range inputs {
		p.sizes[i] = inputSize(in)
		if p.sizes[i] < 0 || p.total < 0 {
			p.total = -1
		} else {
			p.total += p.sizes[i]
		}
	}
	size := p.total
	if size == 0 {
		size = -1 // nothing to measure a bar against (empty files): a spinner
	}
	p.bar = progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(a.errOut),
		progressbar.OptionSetDescription(verb),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(progressEvery),
		// Every drawing ends by erasing the rest of the line, and the
		// line is erased whole at the end, however it changed width.
		progressbar.OptionUseANSICodes(true))
	p.bar.RenderBlank()
	return p
}

// inputSize is the size of the input named name, or -1 when it is not
// known before it is read: standard input, a pipe, a device.
func inputSize(name string) int64 {
	if name == "-" {
		return -1
	}
	info, err := os.Stat(name)
	if err != nil || !info.Mode().IsRegular() {
		return -1
	}
	return info.Size()
}

// reader returns r counting the bytes read from it on the bar. Counting
// changes nothing of what is read.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &countingReader{r: r, p: p}
}

type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.p.mu.Lock()
		c.p.read += int64(n)
		c.p.show()
		c.p.mu.Unlock()
	}
	return n, err
}

// doneInput says the next input (in newProgress's order) has been read:
// what of its size was not (an input refused after its first bytes, or
// one that could not be opened) counts as read, so that the bar stays
// true to what is left.
func (p *progress) doneInput() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done >= len(p.sizes) {
		return
	}
	p.upto += max(p.sizes[p.done], 0)
	p.done++
	p.read = max(p.read, p.upto)
	p.show()
}

// articles shows the articles done so far: n in all, skipped of them
// (stored already) and failed.
func (p *progress) articles(n, skipped, failed int) {
	if p == nil {
		return
	}
	s := fmt.Sprintf("%s %d articles", p.verb, n)
	if n == 1 {
		s = fmt.Sprintf("%s 1 article", p.verb)
	}
	if skipped > 0 {
		s += fmt.Sprintf(", %d skipped", skipped)
	}
	if failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Describe(s) // drawn in turn: Describe keeps to the throttle
}

// show moves the bar to the bytes read; p.mu is held. The bar stops short
// of its end until finish, since the bar finishes itself there and would
// show no more articles: the last articles read are still being stored.
func (p *progress) show() {
	n := p.read
	if p.total > 0 {
		n = min(n, p.total-1)
	}
	p.bar.Set64(n)
}

// finish draws the final count, whatever the throttle, and clears the
// line, so that what the command prints next starts on a clean one.
// Calling it again does nothing.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar.IsFinished() {
		return
	}
	p.bar.Finish() // drawn however recently the line was: it is the last
	p.bar.Clear()
}
