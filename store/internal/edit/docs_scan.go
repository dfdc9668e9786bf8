package edit

import "app.spanmark.org/spanmark/internal/annot"

// DocColumns are the columns of documents that ScanDoc reads, in its
// order.
const DocColumns = `id, seq, title, source, text, meta, hash, created_at`

// ScanDoc reads a row of DocColumns, from a query of one row or of many;
// meta stored as {} or "" is none.
func ScanDoc(scan func(dest ...any) error, d *annot.Document) error {
	var meta, created string
	if err := scan(&d.ID, &d.Seq, &d.Title, &d.Source, &d.Text, &meta, &d.Hash, &created); err != nil {
		return err
	}
	if meta != "{}" && meta != "" {
		d.Meta = []byte(meta)
	}
	d.CreatedAt = parseTime(created)
	return nil
}
