package store

import (
	"database/sql"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Checkpoints copy what the write-ahead log holds into the database file.
// SQLite runs one in the connection that commits once the log passes 1,000
// pages, and inside that commit's call: the window's tag that happened to
// commit after a large import would wait while it copied the import's 80
// MB. Writers here never checkpoint (driverName's connections start with
// wal_autocheckpoint off); a goroutine of their own does it on a
// connection of its own, after commits, at most once per checkpointEvery.
// A passive checkpoint takes no lock that writers need, so nobody waits
// for it. The last connection to close checkpoints what is left.
//
// That goes on during a chunked import too. Its chunks are hidden, and
// copying them chunk by chunk copies the pages that every chunk changes
// (the ends of the indexes) more than once; but most of an import's pages
// (the documents' text, the spans' rows) are written once, and copying
// them while the import goes on uses the core that parsing leaves idle,
// where copying them all after the last chunk made the import wait for
// its whole size (130 MB for 20,000 documents and 200,000 spans) at the
// end. The log is fsynced before any of it is copied, as for every
// checkpoint, and a chunk copied into the file is still listed in
// pending_docs, so a kill leaves nothing visible (see removeDeadImports).

// driverName is mattn's driver with automatic checkpoints off. Its
// connections (the write pool's, the first to touch a new file) also give a
// new database 16 KB pages: a document of 2 or 3 KB of text left half of a
// 4 KB page empty, and an import wrote a third more pages than it stored.
// The page size must be set before the switch to WAL, which writes the
// file's first page, so the switch is made here and not in the DSN; on an
// existing database the page size pragma changes nothing.
const driverName = "sqlite3-spanmark"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(`PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0`, nil)
		return err
	}})
}

const checkpointEvery = 250 * time.Millisecond

// checkpointer runs passive checkpoints when told that a write committed.
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func startCheckpointer(path string) (*checkpointer, error) {
	db, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		c.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// committed asks for a checkpoint soon.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default: // one is asked for already
	}
}

func (c *checkpointer) close() {
	if c == nil {
		return
	}
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		c.db.Close()
	})
}
