package main

import (
	"iter"
	"runtime"
	"time"
)

// ordered runs work on n goroutines and gives the results back in the
// order it was submitted: extraction on every core, with the database
// written, and the output printed, as if one article followed another. A
// submitter and one consumer run side by side; at most depth results wait
// to be consumed, so memory stays bounded whatever the input's size.
type ordered[T any] struct {
	work  chan func()
	queue chan *pending[T]
}

type pending[T any] struct {
	done chan struct{}
	v    T
}

// newOrdered starts n workers (the number of CPUs when n < 1).
func newOrdered[T any](n int) *ordered[T] {
	if n < 1 {
		n = runtime.NumCPU()
	}
	o := &ordered[T]{work: make(chan func(), n), queue: make(chan *pending[T], 4*n)}
	for range n {
		go func() {
			for f := range o.work {
				f()
			}
		}()
	}
	return o
}

// submit queues f to run on a worker; its result comes out in turn.
func (o *ordered[T]) submit(f func() T) {
	p := &pending[T]{done: make(chan struct{})}
	o.queue <- p
	o.work <- func() {
		p.v = f()
		close(p.done)
	}
}

// ready queues a result that needs no work.
func (o *ordered[T]) ready(v T) {
	p := &pending[T]{done: make(chan struct{}), v: v}
	close(p.done)
	o.queue <- p
}

// close says nothing more will be submitted.
func (o *ordered[T]) close() {
	close(o.queue)
	close(o.work)
}

// results yields every result in submission order, until close.
func (o *ordered[T]) results() iter.Seq[T] {
	return func(yield func(T) bool) {
		for p := range o.queue {
			<-p.done
			if !yield(p.v) {
				// Drain, so that the submitter and the workers can end.
				for p := range o.queue {
					<-p.done
				}
				return
			}
		}
	}
}

// resultsBy is results, and calls late whenever the next result is not
// ready by the time deadline gives (none when it gives the zero time), then
// waits on: how ingest commits a batch while its input is slow to come.
func (o *ordered[T]) resultsBy(deadline func() time.Time, late func()) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			p, ok := o.next(deadline, late)
			if !ok {
				return
			}
			if !yield(p.v) {
				for p := range o.queue {
					<-p.done
				}
				return
			}
		}
	}
}

// next waits for the next result, calling late once if it is not there
// by the deadline; false after close.
func (o *ordered[T]) next(deadline func() time.Time, late func()) (*pending[T], bool) {
	var timer <-chan time.Time
	if d := deadline(); !d.IsZero() {
		t := time.NewTimer(time.Until(d))
		defer t.Stop()
		timer = t.C
	}
	var p *pending[T]
	var ok bool
	select {
	case p, ok = <-o.queue:
	case <-timer:
		late()
		timer = nil
		p, ok = <-o.queue
	}
	if !ok {
		return nil, false
	}
	select {
	case <-p.done:
	case <-timer:
		late()
		<-p.done
	}
	return p, true
}
