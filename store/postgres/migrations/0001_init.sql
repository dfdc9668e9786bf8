-- The project's tables, shaped as the SQLite store's so that rows travel
-- between the two unchanged (sync, merge, exports byte for byte):
--   * IDs are text: a file may carry a UUID in any spelling uuid.Parse
--     accepts, and it is kept as written.
--   * Times are RFC 3339 UTC text with nine fraction digits, as SQLite
--     keeps them: timestamptz holds microseconds, and a merge compares a
--     laptop's nanosecond times with the server's exactly.
--   * Every text column compares bytewise (COLLATE "C"), as SQLite does,
--     so that orders and ties fall the same on both.

CREATE TABLE documents (
    id         text COLLATE "C" PRIMARY KEY,
    seq        bigint NOT NULL UNIQUE,          -- import order; exports follow it
    title      text COLLATE "C" NOT NULL,
    source     text COLLATE "C" NOT NULL,
    text       text COLLATE "C" NOT NULL,
    meta       text COLLATE "C" NOT NULL DEFAULT '{}', -- JSON as imported: key order kept
    hash       text COLLATE "C" NOT NULL UNIQUE, -- sha256 of text: one article, one row
    length     integer NOT NULL,                -- code points
    created_at text COLLATE "C" NOT NULL
);

CREATE TABLE labels (
    id         text COLLATE "C" PRIMARY KEY,
    name       text COLLATE "C" NOT NULL UNIQUE,
    color      text COLLATE "C" NOT NULL,
    hotkey     text COLLATE "C" NOT NULL DEFAULT '',
    ord        integer NOT NULL,
    deleted_at text COLLATE "C"                 -- removed, kept for its spans' tombstones
);

CREATE TABLE annotators (
    id   text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE spans (
    id           text COLLATE "C" PRIMARY KEY,
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    annotator_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    off_start    integer NOT NULL,              -- code points, half-open
    off_end      integer NOT NULL,
    label_id     text COLLATE "C" NOT NULL REFERENCES labels(id) ON UPDATE CASCADE,
    note         text COLLATE "C" NOT NULL DEFAULT '',
    answer       text COLLATE "C" NOT NULL DEFAULT '' CHECK (answer IN ('', 'accept', 'reject', 'ignore')),
    created_at   text COLLATE "C" NOT NULL,
    updated_at   text COLLATE "C" NOT NULL,
    deleted_at   text COLLATE "C",              -- tombstone: a merge must not revive it
    CHECK (off_start >= 0 AND off_end > off_start)
);
CREATE INDEX spans_doc ON spans(doc_id, off_start, off_end);
CREATE INDEX spans_label ON spans(label_id) WHERE deleted_at IS NULL;

CREATE TABLE relations (
    id           text COLLATE "C" PRIMARY KEY,
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    annotator_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    from_id      text COLLATE "C" NOT NULL REFERENCES spans(id) ON UPDATE CASCADE,
    to_id        text COLLATE "C" NOT NULL REFERENCES spans(id) ON UPDATE CASCADE,
    type         text COLLATE "C" NOT NULL,
    created_at   text COLLATE "C" NOT NULL,
    deleted_at   text COLLATE "C"
);
CREATE INDEX relations_doc ON relations(doc_id);
CREATE INDEX relations_from ON relations(from_id);
CREATE INDEX relations_to ON relations(to_id);

CREATE TABLE verdicts (
    id          text COLLATE "C" PRIMARY KEY,
    span_id     text COLLATE "C" NOT NULL REFERENCES spans(id) ON UPDATE CASCADE,
    reviewer_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    decision    text COLLATE "C" NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    comment     text COLLATE "C" NOT NULL DEFAULT '',
    at          text COLLATE "C" NOT NULL
);
CREATE INDEX verdicts_span ON verdicts(span_id, at);

CREATE TABLE doc_status (
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    annotator_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    state        text COLLATE "C" NOT NULL CHECK (state IN ('new', 'in progress', 'done', 'reviewed')),
    answer       text COLLATE "C" NOT NULL DEFAULT '' CHECK (answer IN ('', 'accept', 'reject', 'ignore')),
    updated_at   text COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, annotator_id)
);

-- Each annotator's undo stack per document. It never travels in a merge,
-- so its key is a local sequence; payload is the JSON the store writes
-- (what it takes to invert the action and apply it again).
CREATE TABLE actions (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    annotator_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    kind         text COLLATE "C" NOT NULL,
    payload      jsonb NOT NULL,
    undone       boolean NOT NULL DEFAULT false,
    at           text COLLATE "C" NOT NULL
);
CREATE INDEX actions_stack ON actions(doc_id, annotator_id, undone, seq);
