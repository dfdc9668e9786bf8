package transfer_test

import (
	"context"
	"path/filepath"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

// interrupted is a project that the user cancels while SQLite is reading
// it: the read ends with the context's own error, as database/sql gives
// it, before any document reaches the writer.
type interrupted struct{ cancel context.CancelFunc }

func (p interrupted) Export(ctx context.Context, _ annot.ExportFilter, _ func(*annot.Bundle) error) error {
	p.cancel()
	return ctx.Err()
}

func (p interrupted) History(ctx context.Context, _ func(*annot.DocHistory) error) error {
	p.cancel()
	return ctx.Err()
}

// TestExport_CancelNoticedBySQLite: a cancel is reported as one (so the
// command says so and exits 130) whichever layer noticed it first, and
// leaves no file.
func TestExport_CancelNoticedBySQLite(t *testing.T) {
	for _, history := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		out := filepath.Join(t.TempDir(), "out.jsonl")
		var err error
		if history {
			_, err = transfer.ExportHistory(ctx, interrupted{cancel}, out, nil, nil)
		} else {
			_, err = transfer.Export(ctx, interrupted{cancel}, formats.Native, out, nil, annot.ExportFilter{}, nil, nil)
		}
		if annot.ErrorKind(err) != annot.Cancelled {
			t.Errorf("history %v: error %v, want a cancel", history, err)
		}
		if left := listDir(t, filepath.Dir(out)); len(left) != 0 {
			t.Errorf("history %v: a cancelled export left %v", history, left)
		}
	}
}
