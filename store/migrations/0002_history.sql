-- Undo history, removable labels, and a faster document list.

-- actions is each annotator's undo stack per document. It stays in this
-- database and never travels in a merge, so its key is a local rowid:
-- rowids only grow while the newest rows survive, which is all the stack
-- order needs (a new action first deletes the undone ones above it).
-- payload is JSON holding what it takes to invert the action and to apply
-- it again (see store/history.go).
CREATE TABLE actions (
    seq          INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id TEXT NOT NULL REFERENCES annotators(id),
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    undone       INTEGER NOT NULL DEFAULT 0,
    at           TEXT NOT NULL
);
CREATE INDEX actions_stack ON actions(doc_id, annotator_id, undone, seq);

-- A removed label keeps its row, because the tombstones of its spans still
-- refer to it and a merge must see them. deleted_at hides it from the
-- label list; the store also renames it out of the way, so that the name
-- can be used again.
ALTER TABLE labels ADD COLUMN deleted_at TEXT;
