-- The window's document list reads the title, source and length of every
-- document in import order. From the table that means reading every text
-- too (a project of 100,000 articles: 200 MB of pages); this index holds
-- what the list shows, so the list reads it alone.
CREATE INDEX documents_list ON documents(seq, id, title, source, length);

-- A large import commits in chunks, so that the window's tagging waits
-- for one chunk at a time rather than for the whole file; its documents
-- stay listed here, and so hidden from every reader, until its last
-- transaction removes them from this table, making the whole import
-- visible at once. imports says whose they are: an import whose process
-- died (a kill, a power cut) is found at the next open and its documents
-- removed, so that an import is in whole or not at all.
CREATE TABLE imports (
    id         TEXT PRIMARY KEY,
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    proc_start TEXT NOT NULL,       -- the process's start time, so a reused pid is not taken for it
    started_at TEXT NOT NULL
);
CREATE TABLE pending_docs (
    doc_id    TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    import_id TEXT NOT NULL REFERENCES imports(id)
);
CREATE INDEX pending_docs_import ON pending_docs(import_id);
-- The labels and annotators an import under way added, so that removing
-- a dead import removes them too when nothing else uses them.
CREATE TABLE import_names (
    import_id TEXT NOT NULL REFERENCES imports(id),
    kind      TEXT NOT NULL CHECK (kind IN ('label', 'annotator')),
    id        TEXT NOT NULL
);
