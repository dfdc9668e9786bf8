"""A straightforward importer in Python, for comparison with `spanmark import`:
json + sqlite3 from the standard library, the same schema (an empty Spanmark
database made by `spanmark stats --db DB`), the same pragmas (WAL,
synchronous=FULL, foreign keys), one transaction, what Spanmark stores for a
doccano file (documents with their content hash and length, spans with their
label and annotator), but none of Spanmark's checks (offsets inside the text,
CRLF and BOM remapping, duplicates, joining a text already stored).

    python3 cmd/spanmark-bench/python_import.py DB corpus.jsonl
"""
import hashlib, json, sqlite3, sys, time, uuid
from datetime import datetime, timezone

db_path, src = sys.argv[1], sys.argv[2]
start = time.perf_counter()
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("PRAGMA foreign_keys=ON")
db.execute("PRAGMA cache_size=-32768")
now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")
db.execute("BEGIN IMMEDIATE")
labels = dict(db.execute("SELECT name, id FROM labels"))
annotator = str(uuid.uuid4())
db.execute("INSERT INTO annotators(id, name) VALUES (?, 'python')", (annotator,))
seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
docs, spans = [], []
with open(src, encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        text = rec["text"]
        seq += 1
        doc = str(uuid.uuid4())
        title = text.split("\n", 1)[0][:80]
        docs.append((doc, seq, title, "corpus.jsonl", text, json.dumps(rec.get("meta", {})),
                     hashlib.sha256(text.encode()).hexdigest(), len(text), now))
        for s, e, label in rec.get("label", []):
            if label not in labels:
                labels[label] = str(uuid.uuid4())
                db.execute("INSERT INTO labels(id, name, color, hotkey, ord) VALUES (?, ?, '#888888', '', ?)",
                           (labels[label], label, len(labels)))
            spans.append((str(uuid.uuid4()), doc, annotator, s, e, labels[label], now, now))
        if len(docs) >= 1000:
            db.executemany("INSERT INTO documents(id, seq, title, source, text, meta, hash, length, created_at) VALUES (?,?,?,?,?,?,?,?,?)", docs)
            db.executemany("INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", spans)
            docs, spans = [], []
db.executemany("INSERT INTO documents(id, seq, title, source, text, meta, hash, length, created_at) VALUES (?,?,?,?,?,?,?,?,?)", docs)
db.executemany("INSERT INTO spans(id, doc_id, annotator_id, off_start, off_end, label_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", spans)
db.execute("COMMIT")
db.close()
print(f"{time.perf_counter() - start:.3f}")
