package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store/postgres"
)

type config struct {
	server   string
	analysts int
	duration time.Duration
	every    time.Duration
	docs     int
	keep     bool
	log      func(format string, args ...any)
}

// report is what a run measured.
type report struct {
	cfg        config
	actions    map[string]int // acknowledged, by kind
	errors     []string       // failures that reached an analyst
	tag        []time.Duration
	link       []time.Duration
	review     []time.Duration
	seen       []time.Duration // from a tag's acknowledgement to the watcher having it
	unseen     int             // tags the watcher never reported
	lost, dups int             // acknowledged writes missing, or stored twice
	deadlocks  int64           // the server's deadlock count during the run
	elapsed    time.Duration
}

func (r *report) ok() bool {
	return len(r.errors) == 0 && r.lost == 0 && r.dups == 0 && r.unseen == 0
}

func (r *report) String() string {
	var b strings.Builder
	total := 0
	for _, n := range r.actions {
		total += n
	}
	fmt.Fprintf(&b, "%d analysts, one action every %v each, for %v: %d actions acknowledged (%d tags, %d links, %d verdicts, %d deletions), %.0f a second\n",
		r.cfg.analysts, r.cfg.every, r.elapsed.Round(time.Second), total, r.actions["tag"], r.actions["link"], r.actions["review"], r.actions["delete"],
		float64(total)/r.elapsed.Seconds())
	fmt.Fprintf(&b, "tag latency:     p50 %v  p99 %v  max %v  (goal: p99 under 20ms)\n", pct(r.tag, 50), pct(r.tag, 99), pct(r.tag, 100))
	fmt.Fprintf(&b, "link latency:    p50 %v  p99 %v  max %v\n", pct(r.link, 50), pct(r.link, 99), pct(r.link, 100))
	fmt.Fprintf(&b, "verdict latency: p50 %v  p99 %v  max %v\n", pct(r.review, 50), pct(r.review, 99), pct(r.review, 100))
	fmt.Fprintf(&b, "seen by a 51st analyst's watch: p50 %v  p99 %v  max %v after the tag was acknowledged; %d of %d tags never seen\n",
		pct(r.seen, 50), pct(r.seen, 99), pct(r.seen, 100), r.unseen, len(r.seen)+r.unseen)
	fmt.Fprintf(&b, "acknowledged writes missing: %d, stored twice: %d; errors that reached an analyst: %d; deadlocks the server broke: %d\n",
		r.lost, r.dups, len(r.errors), r.deadlocks)
	for i, e := range r.errors {
		if i == 10 {
			fmt.Fprintf(&b, "  … %d more\n", len(r.errors)-10)
			break
		}
		fmt.Fprintf(&b, "  %s\n", e)
	}
	if r.ok() {
		b.WriteString("ok\n")
	} else {
		b.WriteString("FAILED\n")
	}
	return b.String()
}

// pct is the p-th percentile of ds (100 for the largest).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return s[i].Round(10 * time.Microsecond)
}

// analyst is one simulated analyst: a handle of their own, as a window
// has, and what they were told was saved.
type analyst struct {
	mu    sync.Mutex // spans is read by colleagues choosing what to review
	name  string
	db    *postgres.DB
	rng   *mrand.Rand
	spans map[string]annot.Span // their live spans, acknowledged
	links map[string]bool       // their live links, acknowledged
	gone  map[string]bool       // spans they deleted
	verds map[string]bool       // verdicts they recorded
}

func run(ctx context.Context, cfg config) (*report, error) {
	var b [4]byte
	rand.Read(b[:])
	schema := "load_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, cfg.server)
	if err != nil {
		return nil, err
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		return nil, err
	}
	if !cfg.keep {
		defer admin.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	}
	project, err := withParams(cfg.server, map[string]string{"search_path": schema, "pool_max_conns": "2"})
	if err != nil {
		return nil, err
	}
	owner, err := postgres.Open(ctx, project)
	if err != nil {
		return nil, err
	}
	defer owner.Close()
	docs, err := seed(ctx, owner, cfg.docs)
	if err != nil {
		return nil, err
	}
	cfg.log("project in schema %s: %d documents; opening %d analysts", schema, len(docs), cfg.analysts)

	team := make([]*analyst, cfg.analysts)
	for i := range team {
		db, err := postgres.Open(ctx, project)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		team[i] = &analyst{name: fmt.Sprintf("analyst%02d", i), db: db, rng: mrand.New(mrand.NewPCG(uint64(i), 7)),
			spans: map[string]annot.Span{}, links: map[string]bool{}, gone: map[string]bool{}, verds: map[string]bool{}}
	}
	watcher, err := postgres.Open(ctx, project)
	if err != nil {
		return nil, err
	}
	defer watcher.Close()

	var before int64
	admin.QueryRow(ctx, `SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`).Scan(&before)

	rep := &report{cfg: cfg, actions: map[string]int{}}
	var mu sync.Mutex // guards rep and acked
	acked := map[string]time.Time{}
	seenAt := map[string]time.Time{}
	wctx, stopWatch := context.WithCancel(ctx)
	changes := watcher.Watch(wctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for c := range changes {
			now := time.Now()
			mu.Lock()
			for _, s := range append(c.SpansUpdated, c.SpansRemoved...) {
				if _, ok := seenAt[s.ID]; !ok {
					seenAt[s.ID] = now
				}
			}
			mu.Unlock()
		}
	}()
	time.Sleep(300 * time.Millisecond) // listening

	start := time.Now()
	deadline := start.Add(cfg.duration)
	var wg sync.WaitGroup
	for i, a := range team {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Analysts start spread over one beat, as people do.
			time.Sleep(time.Duration(i) * cfg.every / time.Duration(len(team)))
			tick := time.NewTicker(cfg.every)
			defer tick.Stop()
			doc := docs[i%len(docs)]
			for n := 0; time.Now().Before(deadline); n++ {
				if n%25 == 24 { // on to another article now and then
					doc = docs[a.rng.IntN(len(docs))]
				}
				kind, took, id, err := a.act(ctx, doc, team)
				mu.Lock()
				switch {
				case err != nil:
					rep.errors = append(rep.errors, fmt.Sprintf("%s %s: %v", a.name, kind, err))
				case kind != "":
					rep.actions[kind]++
					switch kind {
					case "tag":
						rep.tag = append(rep.tag, took)
						acked[id] = time.Now()
					case "link":
						rep.link = append(rep.link, took)
					case "review":
						rep.review = append(rep.review, took)
					}
				}
				mu.Unlock()
				<-tick.C
			}
		}()
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	time.Sleep(2 * time.Second) // the last notifications
	stopWatch()
	<-watched
	for id, at := range acked {
		if s, ok := seenAt[id]; ok {
			rep.seen = append(rep.seen, max(s.Sub(at), 0))
		} else {
			rep.unseen++
		}
	}
	var after int64
	admin.QueryRow(ctx, `SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`).Scan(&after)
	rep.deadlocks = after - before
	rep.lost, rep.dups, err = check(ctx, owner, admin, schema, team)
	return rep, err
}

// act does one thing an analyst does: mostly tag, sometimes link a claim
// to an actor, review a colleague's span, or delete a span of their own.
func (a *analyst) act(ctx context.Context, doc seeded, team []*analyst) (kind string, took time.Duration, id string, err error) {
	r := a.rng.IntN(100)
	switch {
	case r < 15 && len(a.spans) >= 2:
		var claim, actor *annot.Span
		for _, s := range a.spans {
			s := s
			switch {
			case s.Label == annot.Claim && claim == nil:
				claim = &s
			case s.Label == annot.Actor && actor == nil && (claim == nil || s.DocID == claim.DocID):
				actor = &s
			}
		}
		if claim != nil && actor != nil && claim.DocID == actor.DocID {
			t := time.Now()
			c, err := a.db.CreateRelation(ctx, annot.Relation{Annotator: a.name, From: claim.ID, To: actor.ID, Type: annot.SaidBy})
			if annot.ErrorKind(err) == annot.Conflict && strings.Contains(err.Error(), "already linked") {
				return "", 0, "", nil // linked before: the window would not offer it
			}
			if err != nil {
				return "link", 0, "", err
			}
			a.links[c.RelationsAdded[0].ID] = true
			return "link", time.Since(t), "", nil
		}
	case r < 25:
		other := team[a.rng.IntN(len(team))]
		target := other.any(doc.id)
		if target == "" {
			break
		}
		t := time.Now()
		d := annot.Accepted
		if a.rng.IntN(4) == 0 {
			d = annot.Rejected
		}
		c, err := a.db.SetVerdict(ctx, annot.Verdict{SpanID: target, Reviewer: a.name, Decision: d})
		if annot.ErrorKind(err) == annot.NotFound {
			return "", 0, "", nil // deleted meanwhile: the window would show it gone
		}
		if err != nil {
			return "review", 0, "", err
		}
		a.verds[c.Verdicts[0].ID] = true
		return "review", time.Since(t), "", nil
	case r < 30 && len(a.spans) > 0:
		for id := range a.spans {
			c, err := a.db.DeleteSpan(ctx, id, a.name)
			if err != nil {
				return "delete", 0, "", err
			}
			a.mu.Lock()
			delete(a.spans, id)
			a.mu.Unlock()
			a.gone[id] = true
			for _, rel := range c.RelationsRemoved {
				delete(a.links, rel.ID)
			}
			return "delete", 0, "", nil
		}
	}
	// Tag a word or two, with a label the word does not have from them yet.
	for try := 0; try < 5; try++ {
		w := a.rng.IntN(len(doc.words) - 1)
		start, end := doc.words[w][0], doc.words[w+a.rng.IntN(2)][1]
		label := []string{annot.Claim, annot.Actor, annot.Source}[a.rng.IntN(3)]
		t := time.Now()
		c, err := a.db.CreateSpan(ctx, annot.Span{DocID: doc.id, Annotator: a.name, Start: start, End: end, Label: label})
		if annot.ErrorKind(err) == annot.Conflict && strings.Contains(err.Error(), "already has") {
			continue // the window does not tag the same twice
		}
		if err != nil {
			return "tag", 0, "", err
		}
		took := time.Since(t)
		s := c.SpansAdded[0]
		a.mu.Lock()
		a.spans[s.ID] = s
		a.mu.Unlock()
		return "tag", took, s.ID, nil
	}
	return "", 0, "", nil
}

// any is one of the analyst's live spans in the document, "" for none.
// Reading it races the analyst deleting it, as a reviewer's click races a
// colleague in a real window.
func (a *analyst) any(doc string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, s := range a.spans {
		if s.DocID == doc {
			return id
		}
	}
	return ""
}

// check compares what every analyst was told was saved with what the
// server holds: each live span, link and verdict once, nothing deleted
// alive.
func check(ctx context.Context, db *postgres.DB, admin *pgx.Conn, schema string, team []*analyst) (lost, dups int, err error) {
	live := map[string]int{}
	links := map[string]int{}
	err = db.Export(ctx, annot.ExportFilter{}, func(b *annot.Bundle) error {
		for _, s := range b.Spans {
			live[s.ID]++
		}
		for _, r := range b.Relations {
			links[r.ID]++
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	rows, err := admin.Query(ctx, `SELECT id FROM `+schema+`.verdicts`)
	if err != nil {
		return 0, 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, 0, err
	}
	verdicts := map[string]bool{}
	for _, id := range ids {
		verdicts[id] = true
	}
	for _, a := range team {
		for id := range a.spans {
			switch live[id] {
			case 0:
				lost++
			case 1:
			default:
				dups++
			}
		}
		for id := range a.gone {
			if live[id] > 0 {
				lost++ // a deletion acknowledged but not stored
			}
		}
		for id := range a.links {
			switch links[id] {
			case 0:
				lost++
			case 1:
			default:
				dups++
			}
		}
		for id := range a.verds {
			if !verdicts[id] {
				lost++
			}
		}
	}
	// Every live span is someone's acknowledged one: none stored twice.
	owned := 0
	for _, a := range team {
		owned += len(a.spans)
	}
	if n := len(live); n > owned {
		dups += n - owned
	}
	return lost, dups, nil
}

// seeded is a document of the load project with its word boundaries.
type seeded struct {
	id    string
	words [][2]int
}

const article = "The minister said on Tuesday that the new rules would cut costs for farmers, according to a statement from the agency. " +
	"Officials told reporters that the plan, first reported by the Herald, would take effect next year. "

func seed(ctx context.Context, db *postgres.DB, n int) ([]seeded, error) {
	var out []seeded
	_, err := db.Import(ctx, func(emit func(*annot.Record) error) error {
		for i := 0; i < n; i++ {
			text := fmt.Sprintf("Article %d. %s%s", i, article, article)
			id := annot.NewID()
			if err := emit(&annot.Record{Doc: annot.Document{ID: id, Title: fmt.Sprintf("Article %d", i), Source: "load", Text: text}}); err != nil {
				return err
			}
			var words [][2]int
			start := -1
			for j, c := range []rune(text) {
				letter := c != ' ' && c != '.' && c != ','
				if letter && start < 0 {
					start = j
				}
				if !letter && start >= 0 {
					words = append(words, [2]int{start, j})
					start = -1
				}
			}
			out = append(out, seeded{id: id, words: words})
		}
		return nil
	})
	return out, err
}

// withParams sets query parameters of a postgres:// URL.
func withParams(raw string, params map[string]string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("-server is not a URL")
	}
	q := u.Query()
	for k, v := range params {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
