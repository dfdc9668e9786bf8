-- The project's guidelines, and label merges that can be undone, as the
-- SQLite store's 0007_guidelines_label_merges.

-- guidelines holds the project's annotation guidelines, Markdown, in one
-- row. The migration that makes it gives the project the default
-- guidelines (see migrate.go), new or upgraded.
CREATE TABLE guidelines (
    id         integer PRIMARY KEY CHECK (id = 1),
    text       text NOT NULL,
    updated_at text COLLATE "C" NOT NULL
);

-- label_merges is the project's stack of label merges. Like actions, it
-- never travels in a merge of databases: the spans it relabelled travel
-- as spans. payload says what undoing and redoing need (label_merge.go);
-- it names labels by ID, so a merge that gives a label another ID
-- rewrites it, as it does the undo history's.
CREATE TABLE label_merges (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_label text COLLATE "C" NOT NULL REFERENCES labels(id) ON UPDATE CASCADE,
    into_label text COLLATE "C" NOT NULL REFERENCES labels(id) ON UPDATE CASCADE,
    payload    jsonb NOT NULL,
    undone     boolean NOT NULL DEFAULT false,
    at         text COLLATE "C" NOT NULL
);

-- Everyone reads both. The guidelines are the reviewers' to keep (and the
-- owner's); merging labels, like renaming and removing them, is the
-- owner's alone, which needs no grant.
GRANT SELECT ON guidelines, label_merges TO spanmark_analyst;
GRANT INSERT, UPDATE ON guidelines TO spanmark_reviewer;

-- Open windows hear of new guidelines.
CREATE FUNCTION spanmark_notify_guidelines() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify('guidelines', TG_TABLE_SCHEMA, '[["1", "1"]]'::jsonb, '[]'::jsonb);
    RETURN NULL;
END $$;
CREATE TRIGGER guidelines_changed AFTER INSERT OR UPDATE ON guidelines
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_guidelines();

-- A merge of databases writes back what the SQLite store's merge did,
-- row by row (merge_apply.go), and that merge may give a suggestion
-- another ID: the copy under the new ID goes in before the old one goes,
-- and links follow it in between. The keys on what a suggestion and a
-- link propose are therefore checked at the end of such a transaction
-- (SET CONSTRAINTS … DEFERRED); everywhere else, at once, as before.
DROP INDEX suggestions_key;
ALTER TABLE suggestions ADD CONSTRAINT suggestions_key
    UNIQUE (doc_id, off_start, off_end, label_id) DEFERRABLE INITIALLY IMMEDIATE;
DROP INDEX suggestion_links_key;
ALTER TABLE suggestion_links ADD CONSTRAINT suggestion_links_key
    UNIQUE (from_id, to_id, type) DEFERRABLE INITIALLY IMMEDIATE;
