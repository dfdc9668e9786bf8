-- Who may do what on a team server. Each analyst connects as a role of
-- their own whose name is their annotator name, and is a member of
-- spanmark_analyst; reviewers are members of spanmark_reviewer too. Row-
-- level security then lets an analyst read everything but write only
-- their own work: their spans, links, document states and undo history.
-- Only reviewers record verdicts, and only as themselves. Labels are the
-- project's: analysts may add one (an import may bring new ones), only
-- the owner renames or removes them. The role that made the project (the
-- tables' owner) is not held by these rules: it imports colleagues'
-- files, merges and deals out documents.
--
-- The two group roles belong to the whole server, so that one analyst
-- role serves every project on it; creating them needs CREATEROLE once.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spanmark_analyst') THEN
        BEGIN
            CREATE ROLE spanmark_analyst NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another project's first open made it
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'spanmark_reviewer') THEN
        BEGIN
            CREATE ROLE spanmark_reviewer NOLOGIN IN ROLE spanmark_analyst;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the roles spanmark_analyst and spanmark_reviewer do not exist, and this role may not create them: open the project once as a role with CREATEROLE, or create them (see the README)';
END $$;

-- Whose work a role may write: the annotator named as the role.
CREATE FUNCTION spanmark_me_as(who name) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT id FROM annotators WHERE name = who
$$;

-- Whether a role is held by these rules (an analyst), as opposed to the
-- owner or a superuser, who act for anyone.
CREATE FUNCTION spanmark_restricted_as(who name) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(who, 'spanmark_analyst', 'MEMBER')
        AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = who)
$$;

-- The policies ask about the role the session acts as.
CREATE FUNCTION spanmark_me() RETURNS text LANGUAGE sql STABLE AS $$ SELECT spanmark_me_as(current_user) $$;
CREATE FUNCTION spanmark_restricted() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT spanmark_restricted_as(current_user) $$;

-- Deleting a span takes its links along, whoever made them, and undoing
-- the deletion brings the same links back. An analyst may not touch a
-- colleague's link directly, so these two do it for them, and only for a
-- span of their own. They run as the owner, so they ask about the role
-- that logged in (session_user), not the one they run as.
CREATE FUNCTION spanmark_unlink(span text, at text) RETURNS SETOF text
LANGUAGE sql SECURITY DEFINER AS $$
    UPDATE relations SET deleted_at = at
    WHERE deleted_at IS NULL AND (from_id = span OR to_id = span)
      AND EXISTS (SELECT 1 FROM spans s WHERE s.id = span AND (NOT spanmark_restricted_as(session_user) OR s.annotator_id = spanmark_me_as(session_user)))
    RETURNING id
$$;

CREATE FUNCTION spanmark_relink(span text, ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER AS $$
    UPDATE relations r SET deleted_at = NULL
    WHERE r.id = ANY (ids) AND r.deleted_at IS NOT NULL AND (r.from_id = span OR r.to_id = span)
      AND EXISTS (SELECT 1 FROM spans s WHERE s.id = span AND (NOT spanmark_restricted_as(session_user) OR s.annotator_id = spanmark_me_as(session_user)))
      AND r.from_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
      AND r.to_id IN (SELECT id FROM spans WHERE deleted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM relations o WHERE o.deleted_at IS NULL
          AND o.from_id = r.from_id AND o.to_id = r.to_id AND o.type = r.type)
$$;

-- SECURITY DEFINER functions must not find tables through the caller's
-- search path.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION spanmark_unlink(text, text) SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION spanmark_relink(text, text[]) SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION spanmark_me_as(name) SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO spanmark_analyst', current_schema());
END $$;

GRANT SELECT ON migrations, documents, labels, annotators, spans, relations, verdicts, doc_status, actions TO spanmark_analyst;
GRANT INSERT ON documents, labels, annotators, spans, relations, doc_status, actions TO spanmark_analyst;
-- A document's text never changes; an analyst's sync may give it the ID,
-- title, source, meta and place its copy on their laptop has (annot's
-- PreferDocument), as a merge does.
GRANT UPDATE (id, seq, title, source, meta, created_at) ON documents TO spanmark_analyst;
GRANT UPDATE ON spans, relations, doc_status, actions TO spanmark_analyst;
GRANT DELETE ON actions TO spanmark_analyst;
GRANT INSERT ON verdicts TO spanmark_reviewer;

ALTER TABLE annotators ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON annotators FOR SELECT USING (true);
CREATE POLICY self ON annotators FOR INSERT WITH CHECK (NOT spanmark_restricted() OR name = current_user);

ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON spans FOR SELECT USING (true);
CREATE POLICY own_add ON spans FOR INSERT WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
CREATE POLICY own_change ON spans FOR UPDATE USING (NOT spanmark_restricted() OR annotator_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());

ALTER TABLE relations ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON relations FOR SELECT USING (true);
CREATE POLICY own_add ON relations FOR INSERT WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
CREATE POLICY own_change ON relations FOR UPDATE USING (NOT spanmark_restricted() OR annotator_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());

ALTER TABLE doc_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON doc_status FOR SELECT USING (true);
CREATE POLICY own_add ON doc_status FOR INSERT WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());
CREATE POLICY own_change ON doc_status FOR UPDATE USING (NOT spanmark_restricted() OR annotator_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());

ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON actions USING (NOT spanmark_restricted() OR annotator_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR annotator_id = spanmark_me());

ALTER TABLE verdicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON verdicts FOR SELECT USING (true);
CREATE POLICY reviewer_add ON verdicts FOR INSERT WITH CHECK (NOT spanmark_restricted()
    OR (pg_has_role(current_user, 'spanmark_reviewer', 'MEMBER') AND reviewer_id = spanmark_me()));
