package transfer

import (
	"context"
	"fmt"

	"app.spanmark.org/spanmark/internal/annot"
)

// SyncResult says what a sync moved each way.
type SyncResult struct {
	Pushed annot.MergeResult // the laptop's work the server took in
	Pulled annot.MergeResult // the server's the laptop took in
}

// Sync brings an analyst's own project (the laptop's SQLite file) and the
// team's server together: it pushes the laptop's work to the server, then
// pulls everyone's back, each a merge by the rules in annot (rows matched
// by UUID, tombstones kept, the later edit winning), so that both end
// with the same annotations however often and in whatever order
// colleagues sync. Each direction is one transaction on the side that
// receives: stopped at any point, a sync has moved all of a direction or
// nothing of it, and running it again finishes the work, since a merge of
// what is there already adds nothing.
func Sync(ctx context.Context, local, server annot.Project, progress annot.MergeProgress) (SyncResult, error) {
	var res SyncResult
	step := func(dir string) annot.MergeProgress {
		if progress == nil {
			return nil
		}
		return func(s string, done, total int) { progress(dir+": "+s, done, total) }
	}
	var err error
	res.Pushed, err = server.MergeHistory(ctx, local.Path(), func(emit func(*annot.DocHistory) error) error {
		return local.History(ctx, emit)
	}, step("pushing"))
	if err != nil {
		return res, fmt.Errorf("push to %s: %w", server.Path(), err)
	}
	res.Pulled, err = local.MergeHistory(ctx, server.Path(), func(emit func(*annot.DocHistory) error) error {
		return server.History(ctx, emit)
	}, step("pulling"))
	if err != nil {
		return res, fmt.Errorf("pull from %s (the push is done): %w", server.Path(), err)
	}
	return res, nil
}
