-- The first schema. Every row that travels between databases has a UUID
-- primary key (TEXT), so that merging two analysts' databases neither
-- clashes nor duplicates. Times are RFC 3339 UTC text.

CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,  -- import order; exports follow it
    title      TEXT NOT NULL,
    source     TEXT NOT NULL,
    text       TEXT NOT NULL,
    meta       TEXT NOT NULL DEFAULT '{}',
    hash       TEXT NOT NULL UNIQUE,     -- sha256 of text: one article, one row
    length     INTEGER NOT NULL,         -- code points
    created_at TEXT NOT NULL
);

CREATE TABLE labels (
    id     TEXT PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    color  TEXT NOT NULL,
    hotkey TEXT NOT NULL DEFAULT '',
    ord    INTEGER NOT NULL
);

CREATE TABLE annotators (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE spans (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id TEXT NOT NULL REFERENCES annotators(id),
    off_start    INTEGER NOT NULL,         -- code points, half-open
    off_end      INTEGER NOT NULL,
    label_id     TEXT NOT NULL REFERENCES labels(id),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,                   -- tombstone: a merge must not revive it
    CHECK (off_start >= 0 AND off_end > off_start)
);
CREATE INDEX spans_doc ON spans(doc_id, off_start, off_end);

CREATE TABLE relations (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id TEXT NOT NULL REFERENCES annotators(id),
    from_id      TEXT NOT NULL REFERENCES spans(id),
    to_id        TEXT NOT NULL REFERENCES spans(id),
    type         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    deleted_at   TEXT
);
CREATE INDEX relations_doc ON relations(doc_id);
CREATE INDEX relations_from ON relations(from_id);
CREATE INDEX relations_to ON relations(to_id);

CREATE TABLE verdicts (
    id          TEXT PRIMARY KEY,
    span_id     TEXT NOT NULL REFERENCES spans(id),
    reviewer_id TEXT NOT NULL REFERENCES annotators(id),
    decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    comment     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX verdicts_span ON verdicts(span_id, at);

CREATE TABLE doc_status (
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator_id TEXT NOT NULL REFERENCES annotators(id),
    state        TEXT NOT NULL CHECK (state IN ('new', 'in progress', 'done', 'reviewed')),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator_id)
);
