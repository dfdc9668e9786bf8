package edit

import (
	"context"

	"app.spanmark.org/spanmark/internal/annot"
)

// LabelNames caches the labels a write transaction has seen by name, so
// that an import of 200,000 spans does not look each one up 200,000
// times, and gives a label it meets for the first time the next colour
// and a free digit hotkey.
type LabelNames struct {
	ids     map[string]string // name -> ID
	n       int
	hotkeys map[string]bool
}

// LoadLabelNames reads every label, removed ones included.
func LoadLabelNames(ctx context.Context, q Queryer) (*LabelNames, error) {
	n := &LabelNames{ids: map[string]string{}, hotkeys: map[string]bool{}}
	err := each(ctx, q, `SELECT id, name, hotkey FROM labels`, nil, func(rows Rows) error {
		var id, name, key string
		if err := rows.Scan(&id, &name, &key); err != nil {
			return err
		}
		n.ids[name] = id
		n.hotkeys[key] = true
		n.n++
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// ID returns the ID of the label called name, and whether it was added
// now, at the end of the list, because no label had that name.
func (n *LabelNames) ID(ctx context.Context, q Queryer, name string) (string, bool, error) {
	if id, ok := n.ids[name]; ok {
		return id, false, nil
	}
	var id string
	added := false
	err := q.QueryRow(ctx, `SELECT id FROM labels WHERE name = ?`, name).Scan(&id)
	if noRows(err) {
		l := annot.Label{Name: name, Color: annot.NextColor(n.n), Hotkey: annot.FreeHotkey(n.hotkeys)}
		n.hotkeys[l.Hotkey] = true
		err = InsertLabel(ctx, q, &l)
		id, added = l.ID, true
		n.n++
	}
	if err != nil {
		return "", false, err
	}
	n.ids[name] = id
	return id, added, nil
}

// InsertLabel adds l at the end of the label list. Its ID derives from
// its name, so two databases that each add the label agree on it, unless
// a label renamed or removed still holds that ID; then it gets a fresh
// one.
func InsertLabel(ctx context.Context, q Queryer, l *annot.Label) error {
	l.ID = annot.LabelID(l.Name)
	var taken int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM labels WHERE id = ?`, l.ID).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		l.ID = annot.NewID()
	}
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(ord), -1) + 1 FROM labels WHERE deleted_at IS NULL`).Scan(&l.Order); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO labels(id, name, color, hotkey, ord) VALUES (?, ?, ?, ?, ?)`,
		l.ID, l.Name, l.Color, l.Hotkey, l.Order)
	return err
}
