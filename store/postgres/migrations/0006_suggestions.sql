-- Suggestions, as the SQLite store's 0009_suggestions: spans that a rule,
-- a pattern file, "tag all occurrences" or another tool's predictions
-- propose, apart from spans, so that agreement, gold, exports and
-- statistics never count them; an analyst who accepts one gets a span of
-- their own, which keeps the suggestion's origin.

CREATE TABLE suggestions (
    id         text COLLATE "C" PRIMARY KEY,
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    off_start  integer NOT NULL,
    off_end    integer NOT NULL,
    label_id   text COLLATE "C" NOT NULL REFERENCES labels(id) ON UPDATE CASCADE,
    origin     text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    CHECK (off_start >= 0 AND off_end > off_start)
);
CREATE UNIQUE INDEX suggestions_key ON suggestions(doc_id, off_start, off_end, label_id);

CREATE TABLE suggestion_links (
    id         text COLLATE "C" PRIMARY KEY,
    doc_id     text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    from_id    text COLLATE "C" NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    to_id      text COLLATE "C" NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    type       text COLLATE "C" NOT NULL,
    origin     text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX suggestion_links_key ON suggestion_links(from_id, to_id, type);

CREATE TABLE suggestion_decisions (
    id            text COLLATE "C" PRIMARY KEY,
    suggestion_id text COLLATE "C" NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
    annotator_id  text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    decision      text COLLATE "C" NOT NULL CHECK (decision IN ('accepted', 'changed', 'rejected')),
    span_id       text COLLATE "C" REFERENCES spans(id) ON DELETE CASCADE ON UPDATE CASCADE,
    at            text COLLATE "C" NOT NULL,
    deleted_at    text COLLATE "C",
    CHECK ((decision = 'rejected') = (span_id IS NULL))
);
CREATE INDEX suggestion_decisions_suggestion ON suggestion_decisions(suggestion_id);
CREATE UNIQUE INDEX suggestion_decisions_live ON suggestion_decisions(suggestion_id, annotator_id)
    WHERE deleted_at IS NULL;

ALTER TABLE spans ADD COLUMN origin text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE spans ADD COLUMN changed boolean NOT NULL DEFAULT false;

-- Anyone may propose (spanmark suggest, an import of predictions); each
-- analyst decides for themselves.
GRANT SELECT, INSERT ON suggestions, suggestion_links TO spanmark_analyst;
GRANT SELECT, INSERT, UPDATE (deleted_at) ON suggestion_decisions TO spanmark_analyst;
ALTER TABLE suggestion_decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON suggestion_decisions FOR SELECT USING (true);
CREATE POLICY own_add ON suggestion_decisions FOR INSERT WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
CREATE POLICY own_change ON suggestion_decisions FOR UPDATE USING (NOT spanmark_restricted() OR annotator_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
