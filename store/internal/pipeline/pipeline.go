// Package pipeline runs a reader and a writer side by side, for both
// stores: the reader (a file's parser, the suggestion rules) on a
// goroutine of its own, the writer on the caller's, inside its write
// transaction, so that parsing and storing overlap.
package pipeline

import (
	"context"
	"errors"

	"app.spanmark.org/spanmark/internal/annot"
)

// Run runs read on a goroutine and hands each item to store, in order, on
// this one. The first error from either side wins; what names the work in
// the message of a cancelled one.
func Run[T any](ctx context.Context, what string, read func(emit func(T) error) error, store func(T) error) error {
	recs := make(chan T, 64)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	errStopped := errors.New(what + " stopped")
	go func() {
		defer close(recs)
		readErr <- read(func(r T) error {
			select {
			case recs <- r:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var storeErr error
	for r := range recs {
		if storeErr != nil {
			continue // drain so the reader can finish
		}
		if err := ctx.Err(); err != nil {
			storeErr = &annot.Error{Kind: annot.Cancelled, Msg: what + " cancelled", Err: err}
		} else {
			storeErr = store(r)
		}
		if storeErr != nil {
			close(stop)
		}
	}
	if err := <-readErr; storeErr == nil && err != nil {
		return err
	}
	return storeErr
}
