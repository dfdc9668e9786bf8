-- An annotator's own answer on their work, as Prodigy records it (accept,
-- reject or ignore), kept apart from reviewers' verdicts: an annotator
-- who accepts their own task has not reviewed it, so it must not make
-- gold. spans.answer is the answer on one span (a binary recipe's, or
-- the task's answer that covered it); doc_status.answer is the answer on
-- the document as a whole, which also holds for a task without spans.
ALTER TABLE spans ADD COLUMN answer TEXT NOT NULL DEFAULT ''
    CHECK (answer IN ('', 'accept', 'reject', 'ignore'));
ALTER TABLE doc_status ADD COLUMN answer TEXT NOT NULL DEFAULT ''
    CHECK (answer IN ('', 'accept', 'reject', 'ignore'));
