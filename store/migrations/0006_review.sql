-- Review in the window: verdicts that can be undone, and the reviewer's
-- own spans.

-- Undoing a review action withdraws its verdicts rather than deleting
-- them: a verdict that has travelled to another database by a merge must
-- not come back from there. A span's status is its latest verdict that is
-- not withdrawn; redo clears the mark.
ALTER TABLE verdicts ADD COLUMN withdrawn_at TEXT;

-- curation marks a span a reviewer made while reviewing (a correction or
-- an addition): gold, accepted by its maker, and nobody's annotation, so
-- agreement leaves it out. corrects is, for a correction, the span it
-- replaces (no foreign key: a merge may bring the correction before the
-- span it corrects).
ALTER TABLE spans ADD COLUMN curation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE spans ADD COLUMN corrects TEXT;
