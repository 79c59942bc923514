package main

import (
	"iter"
	"runtime"
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
