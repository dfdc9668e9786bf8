package store

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"

	"app.spanmark.org/spanmark/internal/annot"
)

// CreateLabel adds a label at the end of the list. Its ID derives from
// its name, so two databases that each add the label agree on it; l.ID
// and l.Order are ignored. The name is trimmed; the colour must be
// #rrggbb and is stored in lower case.
func (db *DB) CreateLabel(ctx context.Context, l annot.Label) (annot.Label, error) {
	var err error
	if l.Name, err = checkLabelName(l.Name); err != nil {
		return annot.Label{}, err
	}
	if l.Color, err = checkColor(l.Color); err != nil {
		return annot.Label{}, err
	}
	if err := checkHotkey(l.Hotkey); err != nil {
		return annot.Label{}, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := labelFree(ctx, tx, "", l.Name, l.Hotkey); err != nil {
			return err
		}
		return insertLabel(ctx, tx, &l)
	})
	if err != nil {
		return annot.Label{}, err
	}
	return l, nil
}

// UpdateLabel renames, recolours or re-keys a live label. Spans refer to
// the label by ID, so a rename renames them all and keeps the ID.
func (db *DB) UpdateLabel(ctx context.Context, id string, u annot.LabelUpdate) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var l annot.Label
		err := tx.QueryRowContext(ctx, `SELECT name, color, hotkey FROM labels WHERE id = ? AND deleted_at IS NULL`, id).
			Scan(&l.Name, &l.Color, &l.Hotkey)
		if err == sql.ErrNoRows {
			return annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
		}
		if err != nil {
			return err
		}
		next := l
		if u.Name != nil {
			if next.Name, err = checkLabelName(*u.Name); err != nil {
				return err
			}
		}
		if u.Color != nil {
			if next.Color, err = checkColor(*u.Color); err != nil {
				return err
			}
		}
		if u.Hotkey != nil {
			if err := checkHotkey(*u.Hotkey); err != nil {
				return err
			}
			next.Hotkey = *u.Hotkey
		}
		if next == l {
			return nil
		}
		if err := labelFree(ctx, tx, id, next.Name, next.Hotkey); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE labels SET name = ?, color = ?, hotkey = ? WHERE id = ?`,
			next.Name, next.Color, next.Hotkey, id)
		return err
	})
}

// labelFree reports a Conflict if another live label than self has the
// name or the (non-empty) hotkey.
func labelFree(ctx context.Context, tx *sql.Tx, self, name, hotkey string) error {
	var other string
	err := tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE id <> ? AND deleted_at IS NULL AND name = ?`, self, name).Scan(&other)
	if err == nil {
		return annot.Errorf(annot.Conflict, "there is already a label called %q", name)
	}
	if err != sql.ErrNoRows {
		return err
	}
	if hotkey == "" {
		return nil
	}
	err = tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE id <> ? AND deleted_at IS NULL AND hotkey = ?`, self, hotkey).Scan(&other)
	if err == nil {
		return annot.Errorf(annot.Conflict, "hotkey %q is already used by label %s", hotkey, other)
	}
	if err != sql.ErrNoRows {
		return err
	}
	return nil
}

// LabelUse counts the live spans that carry a label, whoever made them.
func (db *DB) LabelUse(ctx context.Context, id string) (int, error) {
	var n int
	var live bool
	err := db.ro.QueryRowContext(ctx, `SELECT deleted_at IS NULL,
		(SELECT COUNT(*) FROM spans WHERE label_id = labels.id AND deleted_at IS NULL) FROM labels WHERE id = ?`, id).Scan(&live, &n)
	if err == sql.ErrNoRows || (err == nil && !live) {
		return 0, annot.Errorf(annot.NotFound, "no label %s: it may have been removed", id)
	}
	return n, err
}

// DeleteLabel removes a label: its live spans and their relations are
// tombstoned, like a delete of each, so that a merge does not bring them
// back. The label row stays, because the tombstones refer to it; it is
// marked removed, loses its hotkey and is renamed out of the way, so the
// name can be used again (and then gets a fresh ID). Removing a label
// cannot be undone, and it clears the undo history of the documents it
// touched, so that no undo can revive a span whose label is gone.
func (db *DB) DeleteLabel(ctx context.Context, id string) error {
	now := db.stamp()
	return db.write(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE id = ? AND deleted_at IS NULL`, id).Scan(&name)
		if err == sql.ErrNoRows {
			return annot.Errorf(annot.NotFound, "no label %s: it may have been removed already", id)
		}
		if err != nil {
			return err
		}
		if err := forgetLabelHistory(ctx, tx, id); err != nil {
			return err
		}
		steps := []struct {
			sql  string
			args []any
		}{
			{`UPDATE relations SET deleted_at = ?1 WHERE deleted_at IS NULL AND (
				from_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL) OR
				to_id IN (SELECT id FROM spans WHERE label_id = ?2 AND deleted_at IS NULL))`, []any{now, id}},
			{`UPDATE spans SET deleted_at = ? WHERE label_id = ? AND deleted_at IS NULL`, []any{now, id}},
			{`UPDATE labels SET name = ?, hotkey = '', deleted_at = ? WHERE id = ?`, []any{removedName(name, id), now, id}},
		}
		for _, s := range steps {
			if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// removedName is the name a removed label is kept under: unique, since
// it holds the ID, and still readable in the file.
func removedName(name, id string) string { return name + " (removed " + id + ")" }

func checkLabelName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", annot.Errorf(annot.Invalid, "a label needs a name")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return "", annot.Errorf(annot.Invalid, "label name %q has characters that cannot be shown", name)
	}
	return name, nil
}

func checkColor(c string) (string, error) {
	ok := len(c) == 7 && c[0] == '#'
	for i := 1; ok && i < len(c); i++ {
		ok = strings.IndexByte("0123456789abcdefABCDEF", c[i]) >= 0
	}
	if !ok {
		return "", annot.Errorf(annot.Invalid, "colour %q is not of the form #rrggbb", c)
	}
	return strings.ToLower(c), nil
}

// checkHotkey allows no key or one visible character.
func checkHotkey(k string) error {
	if k == "" {
		return nil
	}
	r, n := utf8.DecodeRuneInString(k)
	if n != len(k) || r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
		return annot.Errorf(annot.Invalid, "hotkey %q is not a single visible character", k)
	}
	return nil
}
