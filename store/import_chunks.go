package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"app.spanmark.org/spanmark/internal/annot"
)

// Import stores the records that read emits: all of them, or none if read
// or any record fails. A text already stored (same content hash) is
// joined rather than stored again, and a span, relation or verdict
// already there is not added twice, so importing the same file again adds
// nothing.
//
// read runs on its own goroutine while this one writes, so parsing and
// inserting overlap. An import that fits in one chunk is one
// transaction. A larger one commits a chunk at a time, so that other
// writers (the window's tagging, in this process or another) wait for one
// chunk, never for the whole file: the new documents of each chunk are
// listed in pending_docs, which hides them from every reader, and the
// last transaction stores what joins documents already there and takes
// the import's documents out of pending_docs, so that the whole import
// appears at once. If the import fails or is cancelled its documents are
// removed; if its process dies, the next open removes them (see
// removeDeadImports). Either way it was never seen in part.
func (db *DB) Import(ctx context.Context, read func(emit func(*annot.Record) error) error) (annot.ImportResult, error) {
	recs := make(chan staged, 2*chunkRecords)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(recs)
		readErr <- read(func(r *annot.Record) error {
			// The text's hash is taken here, beside the parsing, rather
			// than on the goroutine that holds the write lock.
			select {
			case recs <- staged{r, annot.ContentHash(r.Doc.Text)}:
				return nil
			case <-stop:
				return errImportStopped
			}
		})
	}()
	var once sync.Once
	halt := func() { once.Do(func() { close(stop) }) }
	defer func() {
		halt()
		for range recs { // let the reader finish
		}
	}()
	next := func() ([]staged, bool, error) {
		var chunk []staged
		size := 0
		for len(chunk) < chunkRecords && size < chunkBytes {
			r, ok := <-recs
			if !ok {
				if err := <-readErr; err != nil {
					return nil, true, err
				}
				return chunk, true, ctx.Err()
			}
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
			chunk = append(chunk, r)
			size += len(r.rec.Doc.Text) + 64*len(r.rec.Spans)
		}
		return chunk, false, nil
	}
	failed := func(err error) (annot.ImportResult, error) {
		if cerr := ctx.Err(); cerr != nil && annot.ErrorKind(err) != annot.Cancelled {
			err = cancelledImport(cerr)
		}
		return annot.ImportResult{}, err
	}
	chunk, done, err := next()
	if err != nil {
		return failed(err)
	}
	if done {
		// Small enough for one transaction.
		var res annot.ImportResult
		err := db.write(ctx, func(tx *sql.Tx) error {
			im, err := newImporter(ctx, db, tx, nil)
			if err != nil {
				return err
			}
			defer im.close()
			for _, r := range chunk {
				if _, err := im.addHashed(r.rec, r.hash, false); err != nil {
					return err
				}
			}
			if err := im.finish(); err != nil {
				return err
			}
			res = im.res
			return nil
		})
		if err != nil {
			return failed(err)
		}
		return res, nil
	}
	c, err := db.startChunks(ctx)
	if err != nil {
		return failed(err)
	}
	defer c.prep.close()
	defer db.ckpt.committed()
	for {
		if err := c.store(chunk); err != nil {
			halt()
			c.abort()
			return failed(err)
		}
		if done {
			break
		}
		if chunk, done, err = next(); err != nil {
			halt()
			c.abort()
			return failed(err)
		}
	}
	if err := c.finish(); err != nil {
		c.abort()
		return failed(err)
	}
	return c.res, nil
}

// A chunk is as many records as make about 20 ms of inserting (384 of
// the bench's 2 KB documents with 10 spans each), plus its commit.
const (
	chunkRecords = 384
	chunkBytes   = 3 << 19
)

func cancelledImport(err error) error {
	return &annot.Error{Kind: annot.Cancelled, Msg: "import cancelled", Err: err}
}

// staged is a record with the hash of its text.
type staged struct {
	rec  *annot.Record
	hash string
}

// chunks is an import under way in chunks.
type chunks struct {
	db       *DB
	ctx      context.Context
	id       string
	prep     *preparedImport
	seen     map[string]bool // documents counted, across chunks
	deferred []staged        // records that join a document stored before
	res      annot.ImportResult
}

// startChunks records the import, so that it can be cleaned up should its
// process die, and prepares its statements.
func (db *DB) startChunks(ctx context.Context) (*chunks, error) {
	prep, err := db.prepareImport(ctx)
	if err != nil {
		return nil, err
	}
	c := &chunks{db: db, ctx: ctx, id: annot.NewID(), seen: map[string]bool{}, prep: prep}
	p := self()
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO imports(id, pid, host, proc_start, started_at) VALUES (?, ?, ?, ?, ?)`,
			c.id, p.pid, p.host, p.start, db.stamp())
		return err
	})
	if err != nil {
		prep.close()
		return nil, err
	}
	return c, nil
}

// store commits one chunk: its new documents, hidden, with everything
// they carry. A record whose text is stored already (or earlier in this
// import) waits for the last transaction, which joins it.
func (c *chunks) store(recs []staged) error {
	// Chunks are hidden until the last transaction, which is synced as
	// every write is; a power cut before it loses nothing anybody saw, so
	// the chunks themselves need not wait for the disk. They are copied
	// into the database file by the checkpointer's goroutine as they come
	// (see checkpoint.go), never inside this goroutine's commits.
	//
	// Nor does SQLite check the chunk's foreign keys (three lookups for
	// every span): every row a chunk stores refers to a document it has
	// just stored, and to annotators and labels that the importer found or
	// created in the same transaction (loadNames), so none can dangle; the
	// import tests run PRAGMA foreign_key_check on what each format stored.
	// Nothing in a chunk deletes, so no cascade is skipped either.
	//
	// The connection is taken for this chunk alone: between chunks the
	// window's own writes in this process get it, with both pragmas back
	// as every other write has them; a connection on which they could not
	// be put back is not returned to the pool.
	conn, err := c.db.rw.Conn(c.ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(c.ctx, `PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(c.ctx), `PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON`); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return c.db.writeOn(c.ctx, conn, func(tx *sql.Tx) error {
		im, err := newImporter(c.ctx, c.db, tx, c.prep)
		if err != nil {
			return err
		}
		defer im.close()
		im.seen = c.seen
		before := im.seq
		for _, r := range recs {
			added, err := im.addHashed(r.rec, r.hash, true)
			if err != nil {
				return err
			}
			if !added {
				c.deferred = append(c.deferred, r)
			}
		}
		if err := im.finish(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(c.ctx, `INSERT INTO pending_docs(doc_id, import_id) SELECT id, ? FROM documents WHERE seq > ?`, c.id, before); err != nil {
			return err
		}
		for _, a := range im.names.added {
			if _, err := tx.ExecContext(c.ctx, `INSERT INTO import_names(import_id, kind, id) VALUES (?, ?, ?)`, c.id, a[0], a[1]); err != nil {
				return err
			}
		}
		c.res.Add(im.res)
		return nil
	})
}

// finish joins the deferred records and shows the import, in one
// transaction.
func (c *chunks) finish() error {
	return c.db.write(c.ctx, func(tx *sql.Tx) error {
		im, err := newImporter(c.ctx, c.db, tx, c.prep)
		if err != nil {
			return err
		}
		defer im.close()
		im.seen = c.seen
		for _, r := range c.deferred {
			// A text that another import still under way stored is not
			// joined: should that import fail, this one would lose it.
			var other int
			if err := tx.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM documents d JOIN pending_docs p ON p.doc_id = d.id
				WHERE d.hash = ? AND p.import_id <> ?`, r.hash, c.id).Scan(&other); err != nil {
				return err
			}
			if other > 0 {
				return annot.At("", r.rec.Line, annot.Errorf(annot.Conflict, "another Spanmark is importing the same text; import this file again once it has finished"))
			}
			if _, err := im.addHashed(r.rec, r.hash, false); err != nil {
				return err
			}
		}
		if err := im.finish(); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM pending_docs WHERE import_id = ?`, `DELETE FROM import_names WHERE import_id = ?`} {
			if _, err := tx.ExecContext(c.ctx, q, c.id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(c.ctx, `DELETE FROM imports WHERE id = ?`, c.id); err != nil {
			return err
		}
		c.res.Add(im.res)
		return nil
	})
}

// abort removes what the import stored, a chunk of documents at a time so
// that others are not held up; what a kill interrupts here, the next open
// removes.
func (c *chunks) abort() {
	ctx := context.WithoutCancel(c.ctx)
	for {
		var left int
		err := c.db.write(ctx, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pending_docs WHERE import_id = ?`, c.id).Scan(&left); err != nil {
				return err
			}
			if left > chunkRecords {
				if _, err := tx.ExecContext(ctx, `DELETE FROM verdicts WHERE span_id IN (SELECT s.id FROM spans s WHERE s.doc_id IN
					(SELECT doc_id FROM pending_docs WHERE import_id = ? LIMIT ?))`, c.id, chunkRecords); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id IN (SELECT doc_id FROM pending_docs WHERE import_id = ? LIMIT ?)`, c.id, chunkRecords)
				return err
			}
			return removeImport(ctx, tx, c.id)
		})
		if err != nil || left <= chunkRecords {
			return
		}
	}
}
