-- Documents dealt out to analysts (spanmark assign), and the project's
-- settings, of which the overlap is the first: how many analysts each
-- document is dealt to. An analyst asking for the next document deals
-- it to themselves; the owner deals the rest.

CREATE TABLE assignments (
    doc_id       text COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE ON UPDATE CASCADE,
    annotator_id text COLLATE "C" NOT NULL REFERENCES annotators(id) ON UPDATE CASCADE,
    assigned_at  text COLLATE "C" NOT NULL,
    PRIMARY KEY (doc_id, annotator_id)
);
CREATE INDEX assignments_annotator ON assignments(annotator_id);

CREATE TABLE settings (
    key   text COLLATE "C" PRIMARY KEY,
    value text COLLATE "C" NOT NULL
);

-- A new assignment changes the document list of whoever it names.
CREATE FUNCTION spanmark_notify_assignments() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify('documents', TG_TABLE_SCHEMA,
        COALESCE((SELECT jsonb_agg(jsonb_build_array(doc_id, doc_id)) FROM changed), '[]'),
        COALESCE((SELECT jsonb_agg(DISTINCT doc_id) FROM changed), '[]'));
    RETURN NULL;
END $$;
CREATE TRIGGER assignments_added AFTER INSERT ON assignments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_assignments();

GRANT SELECT ON assignments, settings TO spanmark_analyst;
GRANT INSERT ON assignments TO spanmark_analyst;
ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON assignments FOR SELECT USING (true);
CREATE POLICY self ON assignments FOR INSERT WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
