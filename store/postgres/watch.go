package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
)

// Watch reports what colleagues write, from the notifications the
// project's triggers send (migrations/0002_notify.sql). It listens on a
// connection of its own, outside the pool, so that no query waits behind
// it. Notifications that arrive close together are read as one change:
// the rows they name are read again in one snapshot, as they are now.
// When the connection drops, it connects again, with growing pauses, and
// then reports a Reload, since what was sent meanwhile is lost; the
// window re-reads what it shows and keeps its place.
func (db *DB) Watch(ctx context.Context) <-chan annot.RemoteChange {
	out := make(chan annot.RemoteChange, 8)
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(db.closing, cancel)
	raw := make(chan []byte, 256)
	go func() {
		defer close(raw)
		db.listen(ctx, raw)
	}()
	go func() {
		defer close(out)
		defer stop()
		defer cancel()
		db.gather(ctx, raw, out)
	}()
	return out
}

// reconnectMark is what listen sends after connecting again.
var reconnectMark = []byte(`{"all":true,"reconnected":true}`)

// listen passes every notification of the project's channel to raw,
// connecting again whenever the connection drops, until ctx ends.
func (db *DB) listen(ctx context.Context, raw chan<- []byte) {
	pause := 100 * time.Millisecond
	connected := false
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, db.cfg.ConnConfig.Copy())
		if err == nil {
			if _, err = conn.Exec(ctx, `LISTEN `+pgx.Identifier{db.channel}.Sanitize()); err != nil {
				conn.Close(context.Background())
			}
		}
		if err != nil {
			select {
			case <-ctx.Done():
			case <-time.After(pause):
			}
			pause = min(pause*2, 2*time.Second)
			continue
		}
		if connected {
			select {
			case raw <- reconnectMark:
			case <-ctx.Done():
			}
		}
		connected, pause = true, 100*time.Millisecond
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				break
			}
			select {
			case raw <- []byte(n.Payload):
			case <-ctx.Done():
			}
		}
		conn.Close(context.Background())
	}
}

// notice is one notification's payload (see 0002_notify.sql).
type notice struct {
	Origin string      `json:"o"`
	Table  string      `json:"t"`
	Rows   [][2]string `json:"r"`
	Docs   []string    `json:"d"`
	All    bool        `json:"all"`
}

// gatherWindow is how long notifications are collected into one change
// after the first: short beside the second a window has to show them.
const gatherWindow = 30 * time.Millisecond

// gather turns notifications into changes, skipping this handle's own.
func (db *DB) gather(ctx context.Context, raw <-chan []byte, out chan<- annot.RemoteChange) {
	for first := range raw {
		batch := [][]byte{first}
		deadline := time.After(gatherWindow)
	more:
		for {
			select {
			case p, ok := <-raw:
				if !ok {
					break more
				}
				batch = append(batch, p)
			case <-deadline:
				break more
			}
		}
		c, ok := db.remoteChange(ctx, batch)
		if !ok {
			continue
		}
		select {
		case out <- c:
		case <-ctx.Done():
			return
		}
	}
}

// remoteChange reads again the rows that a batch of notifications names.
// ok is false when there is nothing to report (only this handle's own
// writes).
func (db *DB) remoteChange(ctx context.Context, batch [][]byte) (annot.RemoteChange, bool) {
	var c annot.RemoteChange
	keys := map[string]map[[2]string]bool{}
	docs := map[string]bool{}
	others := false
	for _, p := range batch {
		var n notice
		if err := json.Unmarshal(p, &n); err != nil {
			c.Reload = true // not ours to read: be safe
			continue
		}
		if n.Origin == db.origin && n.Origin != "" {
			continue
		}
		others = true
		switch {
		case n.All:
			c.Reload = true
		case n.Table == "labels":
			c.Reload = true // renamed labels rename spans everywhere
		case n.Table == "guidelines":
			c.Guidelines = true
		case n.Table == "documents":
			for _, r := range n.Rows {
				docs[r[0]] = true
			}
			for _, d := range n.Docs {
				docs[d] = true
			}
		case len(n.Docs) > 0:
			for _, d := range n.Docs {
				docs[d] = true
			}
		default:
			if keys[n.Table] == nil {
				keys[n.Table] = map[[2]string]bool{}
			}
			for _, r := range n.Rows {
				keys[n.Table][r] = true
			}
		}
	}
	if !others {
		return c, false
	}
	if c.Reload {
		return annot.RemoteChange{Reload: true}, true
	}
	for d := range docs {
		c.Docs = append(c.Docs, d)
	}
	if len(keys) == 0 {
		return c, true // documents or guidelines, which the window reads itself
	}
	err := db.read(ctx, func(tx pgx.Tx) error {
		c.Change = annot.Change{}
		spanIDs := map[string]bool{}
		for k := range keys["spans"] {
			spanIDs[k[0]] = true
		}
		for k := range keys["verdicts"] {
			spanIDs[k[0]] = true
		}
		for id := range spanIDs {
			s, err := loadSpan(ctx, tx, id)
			if annot.ErrorKind(err) == annot.NotFound {
				continue
			}
			if err != nil {
				return err
			}
			if s.Deleted {
				c.SpansRemoved = append(c.SpansRemoved, s.Span)
			} else {
				c.SpansUpdated = append(c.SpansUpdated, s.Span)
			}
		}
		for k := range keys["relations"] {
			r, _, err := loadRelation(ctx, tx, k[0])
			if annot.ErrorKind(err) == annot.NotFound {
				continue
			}
			if err != nil {
				return err
			}
			if r.Deleted {
				c.RelationsRemoved = append(c.RelationsRemoved, r)
			} else {
				c.RelationsAdded = append(c.RelationsAdded, r)
			}
		}
		for k := range keys["doc_status"] {
			var st annot.StateChange
			err := tx.QueryRow(ctx, `SELECT ds.doc_id, a.name, ds.state FROM doc_status ds JOIN annotators a ON a.id = ds.annotator_id
				WHERE ds.annotator_id = $1 AND ds.doc_id = $2`, k[0], k[1]).Scan(&st.DocID, &st.Annotator, &st.State)
			if noRows(err) {
				continue
			}
			if err != nil {
				return err
			}
			c.States = append(c.States, st)
		}
		annot.SortSpans(c.SpansUpdated)
		return nil
	})
	if err != nil {
		// The rows could not be read (the server went away between the
		// notification and the read): have the window read again.
		return annot.RemoteChange{Reload: true}, true
	}
	return c, true
}
