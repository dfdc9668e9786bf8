package postgres

import (
	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/internal/edit"
)

// suggestions stores the suggestions that came with a record, their
// links and analysts' decisions on them (edit.ImportSuggestions), whose
// spans ids maps to stored ones.
func (im *importer) suggestions(docID string, rec *annot.Record, ids map[string]string) error {
	if len(rec.Suggestions) == 0 {
		return nil
	}
	if im.sugs == nil {
		im.sugs = newSuggestionWriter(im.ctx, im.tx, im.names, im.now, nil)
	}
	return edit.ImportSuggestions(im.ctx, editTx{im.tx}, im.sugs, docID, rec, ids, im.now, &im.res)
}
