-- Every open window hears of what colleagues write, within the second:
-- each statement that changes annotations sends one notification on the
-- project's channel ('spanmark.' and the schema's name), delivered when
-- its transaction commits. The payload names the rows by key, so a
-- listener reads exactly those rows again; reading a row twice does no
-- harm, so a listener may also simply re-read what it shows. A statement
-- that changed too many rows to list names their documents instead, and
-- one that touched too many documents says so ("all").
--
-- {"o": writer's origin (its own watcher skips it), "t": table,
--  "r": [[row id, document id], ...]   -- or "d": [document ids], or "all": true}

CREATE FUNCTION spanmark_notify(tbl text, sch text, keys jsonb, docs jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    msg jsonb := jsonb_build_object('o', COALESCE(current_setting('spanmark.origin', true), ''), 't', tbl);
BEGIN
    IF jsonb_array_length(keys) = 0 THEN
        RETURN;
    END IF;
    IF jsonb_array_length(keys) <= 60 THEN
        msg := msg || jsonb_build_object('r', keys);
    ELSIF jsonb_array_length(docs) <= 100 THEN
        msg := msg || jsonb_build_object('d', docs);
    ELSE
        msg := msg || jsonb_build_object('all', true);
    END IF;
    PERFORM pg_notify(left('spanmark.' || sch, 63), msg::text);
END $$;

-- Rows keyed by their own ID and their document's.
CREATE FUNCTION spanmark_notify_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify(TG_ARGV[0], TG_TABLE_SCHEMA,
        COALESCE((SELECT jsonb_agg(jsonb_build_array(id, doc_id)) FROM changed), '[]'),
        COALESCE((SELECT jsonb_agg(DISTINCT doc_id) FROM changed), '[]'));
    RETURN NULL;
END $$;

-- Verdicts are keyed by their span's ID and document.
CREATE FUNCTION spanmark_notify_verdicts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify('verdicts', TG_TABLE_SCHEMA,
        COALESCE((SELECT jsonb_agg(jsonb_build_array(c.span_id, s.doc_id)) FROM changed c JOIN spans s ON s.id = c.span_id), '[]'),
        COALESCE((SELECT jsonb_agg(DISTINCT s.doc_id) FROM changed c JOIN spans s ON s.id = c.span_id), '[]'));
    RETURN NULL;
END $$;

-- States are keyed by annotator and document.
CREATE FUNCTION spanmark_notify_states() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify('doc_status', TG_TABLE_SCHEMA,
        COALESCE((SELECT jsonb_agg(jsonb_build_array(annotator_id, doc_id)) FROM changed), '[]'),
        COALESCE((SELECT jsonb_agg(DISTINCT doc_id) FROM changed), '[]'));
    RETURN NULL;
END $$;

-- Documents and labels are keyed by their ID alone.
CREATE FUNCTION spanmark_notify_ids() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM spanmark_notify(TG_ARGV[0], TG_TABLE_SCHEMA,
        COALESCE((SELECT jsonb_agg(jsonb_build_array(id, id)) FROM changed), '[]'),
        COALESCE((SELECT jsonb_agg(id) FROM changed), '[]'));
    RETURN NULL;
END $$;

CREATE TRIGGER spans_added AFTER INSERT ON spans REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_rows('spans');
CREATE TRIGGER spans_changed AFTER UPDATE ON spans REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_rows('spans');
CREATE TRIGGER relations_added AFTER INSERT ON relations REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_rows('relations');
CREATE TRIGGER relations_changed AFTER UPDATE ON relations REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_rows('relations');
CREATE TRIGGER verdicts_added AFTER INSERT ON verdicts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_verdicts();
CREATE TRIGGER verdicts_changed AFTER UPDATE ON verdicts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_verdicts();
CREATE TRIGGER states_added AFTER INSERT ON doc_status REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_states();
CREATE TRIGGER states_changed AFTER UPDATE ON doc_status REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_states();
CREATE TRIGGER documents_added AFTER INSERT ON documents REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_ids('documents');
CREATE TRIGGER documents_changed AFTER UPDATE ON documents REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_ids('documents');
CREATE TRIGGER labels_added AFTER INSERT ON labels REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_ids('labels');
CREATE TRIGGER labels_changed AFTER UPDATE ON labels REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION spanmark_notify_ids('labels');
