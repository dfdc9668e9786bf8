-- Review in the window, as the SQLite store's 0006_review: verdicts that
-- can be undone (withdrawn, never deleted, since a verdict that has
-- travelled to another database by a merge must not come back from
-- there), and the reviewer's own spans (curation; corrects names the span
-- a correction replaces, without a foreign key: a merge may bring the
-- correction before the span it corrects).
ALTER TABLE verdicts ADD COLUMN withdrawn_at text COLLATE "C";
ALTER TABLE spans ADD COLUMN curation boolean NOT NULL DEFAULT false;
ALTER TABLE spans ADD COLUMN corrects text COLLATE "C";

-- A reviewer withdraws their own verdicts when they undo, and moves every
-- annotator of a document they have reviewed to "reviewed" (and back on
-- undo): states are the reviewers' to move, as well as each analyst's own.
GRANT UPDATE (withdrawn_at) ON verdicts TO spanmark_reviewer;
GRANT DELETE ON doc_status TO spanmark_reviewer;
CREATE POLICY reviewer_withdraw ON verdicts FOR UPDATE
    USING (NOT spanmark_restricted() OR reviewer_id = spanmark_me())
    WITH CHECK (NOT spanmark_restricted() OR reviewer_id = spanmark_me());
CREATE POLICY reviewer_add ON doc_status FOR INSERT
    WITH CHECK (pg_has_role(current_user, 'spanmark_reviewer', 'MEMBER'));
CREATE POLICY reviewer_change ON doc_status FOR UPDATE
    USING (pg_has_role(current_user, 'spanmark_reviewer', 'MEMBER'))
    WITH CHECK (pg_has_role(current_user, 'spanmark_reviewer', 'MEMBER'));
CREATE POLICY reviewer_remove ON doc_status FOR DELETE
    USING (pg_has_role(current_user, 'spanmark_reviewer', 'MEMBER'));
