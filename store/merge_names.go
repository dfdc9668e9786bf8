package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"app.spanmark.org/spanmark/internal/annot"
)

// merger runs one merge inside one transaction. The other database is
// attached as schema o; temp tables map its document, label and
// annotator IDs onto this database's.
type merger struct {
	ctx      context.Context // set-based statements: cancelling interrupts them
	quiet    context.Context // row-by-row statements: cancelling is checked between steps
	tx       *sql.Tx
	now      string
	staged   bool // the source is a file staged by MergeHistory
	res      *annot.MergeResult
	progress annot.MergeProgress

	labelNames map[string]string // label ID here -> name, after the merge
	base       int64             // added to the other's seq while documents are being placed
	temps      []string          // temp tables made by load, dropped at the end
}

// step is one part of a merge, in the order they must run.
type step struct {
	name string
	run  func() error
}

func (m *merger) run() error {
	steps := []step{
		{"labels and annotators", m.names},
		{"documents", m.documents},
		{"spans", m.spans},
		{"relations", m.relations},
		{"verdicts", m.verdicts},
		{"states", m.states},
		{"duplicates and deleted links", m.folds},
		{"suggestions", m.suggestions},
		{"decisions on suggestions", m.decisions},
		{"withdrawn verdicts and reviewed documents", m.reviewed},
		{"document order", m.renumber},
	}
	// A document or label whose ID changes is referred to by other rows
	// until they follow it, later in this transaction.
	setup := []string{
		`PRAGMA defer_foreign_keys = ON`,
		`CREATE TEMP TABLE m_doc (o_id TEXT PRIMARY KEY, r_id TEXT NOT NULL, joined INTEGER NOT NULL) WITHOUT ROWID`,
		`CREATE TEMP TABLE m_label (o_id TEXT PRIMARY KEY, r_id TEXT NOT NULL) WITHOUT ROWID`,
		`CREATE TEMP TABLE m_ann (o_id TEXT PRIMARY KEY, r_id TEXT NOT NULL) WITHOUT ROWID`,
	}
	for _, q := range setup {
		if err := m.exec(q); err != nil {
			return err
		}
	}
	for i, s := range steps {
		if err := m.ctx.Err(); err != nil {
			return err
		}
		m.progress(s.name, i, len(steps))
		if err := s.run(); err != nil {
			return err
		}
	}
	for _, t := range append([]string{"m_doc", "m_label", "m_ann"}, m.temps...) {
		if err := m.exec(`DROP TABLE temp.` + t); err != nil {
			return err
		}
	}
	return nil
}

// load creates the temp table name with columns cols, the first keys of
// them its primary key, and fills it with rows in one statement: the
// rows travel as one JSON array instead of one statement each through
// cgo, which is what costs when a merge changes 200,000 rows. The table
// is dropped when the merge ends. Nothing is made for no rows.
func (m *merger) load(name string, cols []string, keys int, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if err := m.exec(fmt.Sprintf(`CREATE TEMP TABLE %s (%s, PRIMARY KEY (%s)) WITHOUT ROWID`,
		name, strings.Join(cols, ", "), strings.Join(cols[:keys], ", "))); err != nil {
		return err
	}
	m.temps = append(m.temps, name)
	sel := make([]string, len(cols))
	for i := range cols {
		sel[i] = fmt.Sprintf(`json_extract(value, '$[%d]')`, i)
	}
	js, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	return m.exec(`INSERT INTO temp.`+name+` SELECT `+strings.Join(sel, ", ")+` FROM json_each(?)`, string(js))
}

func (m *merger) exec(q string, args ...any) error {
	_, err := m.tx.ExecContext(m.ctx, q, args...)
	return err
}

// count runs a set-based statement and returns the rows it changed.
func (m *merger) count(q string, args ...any) (int, error) {
	r, err := m.tx.ExecContext(m.ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}

// one runs a row-by-row statement, which does not watch the context.
func (m *merger) one(q string, args ...any) error {
	_, err := m.tx.ExecContext(m.quiet, q, args...)
	return err
}

func (m *merger) scalar(q string, dst any) error {
	return m.tx.QueryRowContext(m.ctx, q).Scan(dst)
}

// names matches labels and annotators by name, gives each name the ID
// annot.ChooseIDs decides, and adds the other's new ones.
func (m *merger) names() error {
	if err := m.labels(); err != nil {
		return err
	}
	return m.annotators()
}

func (m *merger) readLabels(schema string) ([]annot.LabelCopy, error) {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT id, name, color, hotkey, ord, COALESCE(deleted_at, '') FROM `+schema+`.labels ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annot.LabelCopy
	for rows.Next() {
		var l annot.LabelCopy
		var removed string
		if err := rows.Scan(&l.ID, &l.Name, &l.Color, &l.Hotkey, &l.Order, &removed); err != nil {
			return nil, err
		}
		l.RemovedAt = parseTime(removed)
		out = append(out, l)
	}
	return out, rows.Err()
}

// labels merges the label lists. The look of a label (colour, hotkey,
// order) is not an annotation: here keeps its own, and a clash is
// reported. A label that a staged file names without an ID (a plain
// export) has a stand-in ID that is not a UUID and an unknown colour.
func (m *merger) labels() error {
	here, err := m.readLabels("main")
	if err != nil {
		return err
	}
	there, err := m.readLabels("o")
	if err != nil {
		return err
	}
	var rows []annot.NamedID
	byName := map[string]annot.LabelCopy{}
	usedKeys := map[string]string{}
	ord := -1
	for _, l := range here {
		rows = append(rows, annot.NamedID{ID: l.ID, Name: l.Name})
		byName[l.Name] = l
		if l.RemovedAt.IsZero() {
			ord = max(ord, l.Order)
			if l.Hotkey != "" {
				usedKeys[l.Hotkey] = l.Name
			}
		}
	}
	for _, l := range there {
		rows = append(rows, annot.NamedID{ID: knownID(l.ID), Name: l.Name})
	}
	ids := annot.ChooseIDs("label", rows, annot.LabelID)
	if err := m.rekey(labelRefs, changedIDs(here, ids)); err != nil {
		return err
	}
	m.labelNames = map[string]string{}
	for _, l := range here {
		m.labelNames[ids[l.Name]] = l.Name
	}
	for _, l := range there {
		id := ids[l.Name]
		if err := m.one(`INSERT INTO temp.m_label(o_id, r_id) VALUES (?, ?)`, l.ID, id); err != nil {
			return err
		}
		if h, ok := byName[l.Name]; ok {
			if l.Color != "" && !strings.EqualFold(l.Color, h.Color) && h.RemovedAt.IsZero() {
				m.res.LabelConflicts = append(m.res.LabelConflicts,
					fmt.Sprintf("label %s: kept this database's colour %s (the other has %s)", l.Name, h.Color, l.Color))
			}
			continue
		}
		m.labelNames[id] = l.Name
		nl := l
		nl.ID = id
		if nl.Color == "" {
			nl.Color = annot.NextColor(len(m.labelNames) - 1)
		}
		if knownID(l.ID) == "" {
			nl.Hotkey = freeDigit(usedKeys)
		} else if other, taken := usedKeys[nl.Hotkey]; taken && nl.Hotkey != "" && l.RemovedAt.IsZero() {
			m.res.LabelConflicts = append(m.res.LabelConflicts,
				fmt.Sprintf("label %s: its hotkey %s is %s's here, so it has none", l.Name, nl.Hotkey, other))
			nl.Hotkey = ""
		}
		var removed any
		if !l.RemovedAt.IsZero() {
			removed, nl.Hotkey = formatTime(l.RemovedAt), ""
		} else {
			ord++
			nl.Order = ord
			if nl.Hotkey != "" {
				usedKeys[nl.Hotkey] = nl.Name
			}
			m.res.NewLabels = append(m.res.NewLabels, nl.Name)
		}
		if err := m.one(`INSERT INTO main.labels(id, name, color, hotkey, ord, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
			nl.ID, nl.Name, nl.Color, nl.Hotkey, nl.Order, removed); err != nil {
			return err
		}
	}
	return nil
}

// knownID returns id if it is a real row ID, "" for a stand-in.
func knownID(id string) string {
	if _, err := uuid.Parse(id); err != nil {
		return ""
	}
	return id
}

func freeDigit(used map[string]string) string {
	for d := 1; d <= 9; d++ {
		if k := strconv.Itoa(d); used[k] == "" {
			return k
		}
	}
	return ""
}

// changedIDs lists the rows here whose name now has another ID.
func changedIDs(here []annot.LabelCopy, ids map[string]string) map[string]string {
	out := map[string]string{}
	for _, l := range here {
		if id := ids[l.Name]; id != l.ID {
			out[l.ID] = id
		}
	}
	return out
}

// annotators merges the people by name, as labels.
func (m *merger) annotators() error {
	read := func(schema string) (map[string]string, error) {
		return (&readTx{ctx: m.ctx, tx: m.tx}).idNames(`SELECT id, name FROM ` + schema + `.annotators`)
	}
	here, err := read("main")
	if err != nil {
		return err
	}
	there, err := read("o")
	if err != nil {
		return err
	}
	var rows []annot.NamedID
	names := map[string]bool{}
	var hereRows []annot.LabelCopy
	for id, name := range here {
		rows = append(rows, annot.NamedID{ID: id, Name: name})
		names[name] = true
		hereRows = append(hereRows, annot.LabelCopy{Label: annot.Label{ID: id, Name: name}})
	}
	for id, name := range there {
		rows = append(rows, annot.NamedID{ID: knownID(id), Name: name})
	}
	ids := annot.ChooseIDs("annotator", rows, annot.AnnotatorID)
	if err := m.rekey(annotatorRefs, changedIDs(hereRows, ids)); err != nil {
		return err
	}
	for oid, name := range there {
		if err := m.one(`INSERT INTO temp.m_ann(o_id, r_id) VALUES (?, ?)`, oid, ids[name]); err != nil {
			return err
		}
		if names[name] {
			continue
		}
		if err := m.one(`INSERT INTO main.annotators(id, name) VALUES (?, ?)`, ids[name], name); err != nil {
			return err
		}
		m.res.NewAnnotators = append(m.res.NewAnnotators, name)
	}
	sort.Strings(m.res.NewAnnotators)
	return nil
}

// A ref is a column that holds a label's or an annotator's ID.
type ref struct{ table, column string }

var (
	labelRefs     = []ref{{"labels", "id"}, {"spans", "label_id"}, {"suggestions", "label_id"}}
	annotatorRefs = []ref{{"annotators", "id"}, {"spans", "annotator_id"}, {"relations", "annotator_id"},
		{"verdicts", "reviewer_id"}, {"doc_status", "annotator_id"}, {"actions", "annotator_id"}, {"suggestion_decisions", "annotator_id"}}
)

// rekey gives rows here new IDs (old -> new) and points every reference at
// them. It goes through stand-ins, so that two rows may swap IDs; the
// undo history's payloads, which name labels, follow too.
func (m *merger) rekey(refs []ref, changes map[string]string) error {
	if len(changes) == 0 {
		return nil
	}
	olds := make([]string, 0, len(changes))
	for old := range changes {
		olds = append(olds, old)
	}
	sort.Strings(olds)
	for pass := range 2 {
		for _, old := range olds {
			from, to := old, "merging:"+changes[old]
			if pass == 1 {
				from, to = to, changes[old]
			}
			for _, r := range refs {
				if err := m.one(`UPDATE main.`+r.table+` SET `+r.column+` = ? WHERE `+r.column+` = ?`, to, from); err != nil {
					return err
				}
			}
			if refs[0].table == "labels" {
				if err := m.one(`UPDATE main.actions SET payload = replace(payload, ?1, ?2) WHERE instr(payload, ?1) > 0`, from, to); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
