-- Suggestions: spans that a rule, a pattern file, "tag all occurrences"
-- or another tool's predictions propose. They live apart from spans, so
-- that agreement, gold, exports and statistics, which read spans, never
-- count them; an analyst who accepts one gets a span of their own.

-- One suggestion per document, start, end and label, whichever origin
-- proposed it first: proposing the same again adds nothing, and a
-- rejection stays.
CREATE TABLE suggestions (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    off_start  INTEGER NOT NULL,          -- code points, half-open
    off_end    INTEGER NOT NULL,
    label_id   TEXT NOT NULL REFERENCES labels(id),
    origin     TEXT NOT NULL,             -- rule:NAME, pattern:FILE, occurrence, import:prediction[:MODEL]
    created_at TEXT NOT NULL,
    CHECK (off_start >= 0 AND off_end > off_start)
);
CREATE UNIQUE INDEX suggestions_key ON suggestions(doc_id, off_start, off_end, label_id);

-- A proposed relation between two suggestions (a claim and who said it).
-- Its key index finds a document's links through their first end; there
-- is no index on doc_id or to_id, since a run over 20,000 documents adds
-- tens of thousands of links and each index slows every insert, while
-- links go only when their document does.
CREATE TABLE suggestion_links (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    from_id    TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    to_id      TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    origin     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX suggestion_links_key ON suggestion_links(from_id, to_id, type);

-- Each analyst's decision on a suggestion: accepted (span_id is the span
-- it made or found), changed (accepted with another label or offsets) or
-- rejected. Undo tombstones a decision, so that a merge does not bring
-- it back; an analyst has one live decision per suggestion.
CREATE TABLE suggestion_decisions (
    id            TEXT PRIMARY KEY,
    suggestion_id TEXT NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    annotator_id  TEXT NOT NULL REFERENCES annotators(id),
    decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'changed', 'rejected')),
    span_id       TEXT REFERENCES spans(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    deleted_at    TEXT,
    CHECK ((decision = 'rejected') = (span_id IS NULL))
);
CREATE INDEX suggestion_decisions_suggestion ON suggestion_decisions(suggestion_id);
CREATE UNIQUE INDEX suggestion_decisions_live ON suggestion_decisions(suggestion_id, annotator_id)
    WHERE deleted_at IS NULL;

-- A span accepted from a suggestion keeps where it came from: the
-- suggestion's origin, and whether the analyst changed it (Label
-- Studio's prediction-changed). '' and 0 for a span made by hand.
ALTER TABLE spans ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE spans ADD COLUMN changed INTEGER NOT NULL DEFAULT 0 CHECK (changed IN (0, 1));
