-- The project's guidelines, and label merges that can be undone.

-- guidelines holds the project's annotation guidelines, Markdown, in one
-- row. A new database gets the default guidelines when it is created
-- (see store.Open), and so does a database that this migration upgrades.
CREATE TABLE guidelines (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- label_merges is the project's stack of label merges (File ▸ Labels ▸
-- merge). Like actions, it stays in this database and never travels in
-- a merge of databases: the spans it relabelled travel as spans. payload
-- is JSON with what undoing and redoing need (see store/merge.go).
CREATE TABLE label_merges (
    seq        INTEGER PRIMARY KEY,
    from_label TEXT NOT NULL REFERENCES labels(id),
    into_label TEXT NOT NULL REFERENCES labels(id),
    payload    TEXT NOT NULL,
    undone     INTEGER NOT NULL DEFAULT 0,
    at         TEXT NOT NULL
);
