package ui

import (
	"context"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/store"
)

// countingProject counts the window's calls to the project.
type countingProject struct {
	Project
	calls map[string]int
}

func (p *countingProject) Bundle(ctx context.Context, id string) (*annot.Bundle, error) {
	p.calls["Bundle"]++
	return p.Project.Bundle(ctx, id)
}

func (p *countingProject) CreateSpan(ctx context.Context, s annot.Span) (annot.Change, error) {
	p.calls["CreateSpan"]++
	return p.Project.CreateSpan(ctx, s)
}

func (p *countingProject) UpdateSpan(ctx context.Context, id, who string, u annot.SpanUpdate) (annot.Change, error) {
	p.calls["UpdateSpan"]++
	return p.Project.UpdateSpan(ctx, id, who, u)
}

func (p *countingProject) DeleteSpan(ctx context.Context, id, who string) (annot.Change, error) {
	p.calls["DeleteSpan"]++
	return p.Project.DeleteSpan(ctx, id, who)
}

func (p *countingProject) CreateRelation(ctx context.Context, r annot.Relation) (annot.Change, error) {
	p.calls["CreateRelation"]++
	return p.Project.CreateRelation(ctx, r)
}

func (p *countingProject) SetState(ctx context.Context, doc, who string, st annot.DocState) (annot.Change, error) {
	p.calls["SetState"]++
	return p.Project.SetState(ctx, doc, who, st)
}

func (p *countingProject) Undo(ctx context.Context, doc, who string) (annot.Change, bool, error) {
	p.calls["Undo"]++
	return p.Project.Undo(ctx, doc, who)
}

func (p *countingProject) Redo(ctx context.Context, doc, who string) (annot.Change, bool, error) {
	p.calls["Redo"]++
	return p.Project.Redo(ctx, doc, who)
}

// TestApp_OneCallPerAction tags, relabels, links, deletes, undoes and
// redoes, and checks that each is one store call, that the document is
// never read again after it opens, and that what the window shows (the
// model, the span panel) is what the database holds after each step.
func TestApp_OneCallPerAction(t *testing.T) {
	proj := &countingProject{calls: map[string]int{}}
	a, db := newTestAppOn(t, func(db *store.DB) Project { proj.Project = db; return proj })
	v := a.view
	s := a.doc.Text()
	proj.calls = map[string]int{}
	want := map[string]int{}
	check := func(what string) {
		t.Helper()
		if !reflect.DeepEqual(proj.calls, want) {
			t.Fatalf("%s: store calls %v, want %v", what, proj.calls, want)
		}
		b, err := db.Bundle(context.Background(), a.doc.DocID())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.doc.Bundle().Spans, b.Spans) || !reflect.DeepEqual(a.doc.Bundle().Relations, b.Relations) ||
			!reflect.DeepEqual(a.doc.Bundle().States, b.States) {
			t.Fatalf("%s: the window shows\n%+v\nthe database holds\n%+v", what, a.doc.Bundle(), b)
		}
		if len(a.panel.spans) != len(b.Spans) {
			t.Fatalf("%s: the span panel lists %d spans, the document has %d", what, len(a.panel.spans), len(b.Spans))
		}
	}
	tag := func(words, key string) annot.Span {
		t.Helper()
		i := runeIndex(s, words)
		drag(v, posOf(v, i), posOf(v, i+len([]rune(words))-1), 0)
		test.Type(v, key)
		sp, ok := a.doc.Span(a.doc.SelectedSpan())
		if !ok {
			t.Fatalf("tagging %q selected no span", words)
		}
		return sp
	}

	claim := tag("दुर्लभ पृथ्वी धातुओं", "1")
	want["CreateSpan"] = 1
	check("tag")
	if st := a.doc.Bundle().States["asha"]; st != annot.StateInProgress {
		t.Fatalf("after the first tag asha is %q, want in progress", st)
	}
	actor := tag("चीन", "3") // SOURCE at first: relabelled below
	want["CreateSpan"] = 2
	check("tag again")

	test.Type(v, "2") // the new span is selected: relabel it ACTOR
	want["UpdateSpan"] = 1
	check("relabel")
	if sp, _ := a.doc.Span(actor.ID); sp.Label != "ACTOR" {
		t.Fatalf("relabelled to %s", sp.Label)
	}
	if a.panel.label.Selected != "ACTOR" {
		t.Fatalf("the span panel shows label %q", a.panel.label.Selected)
	}

	a.doc.SelectSpan(actor.ID)
	test.Type(v, "l")
	test.TapAt(v, posOf(v, claim.Start+2)) // actor first, then the claim
	want["CreateRelation"] = 1
	check("link")
	rels := a.doc.Relations()
	if len(rels) != 1 || rels[0].From != claim.ID || rels[0].To != actor.ID || rels[0].Type != annot.SaidBy {
		t.Fatalf("link = %+v, want the claim SAID_BY the actor", rels)
	}

	a.doc.SelectSpan(claim.ID)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	want["DeleteSpan"] = 1
	check("delete")
	if len(a.doc.Relations()) != 0 || a.doc.SelectedSpan() != "" {
		t.Fatal("the link or the selection outlived the deleted claim")
	}

	ctrl := fyne.KeyModifierShortcutDefault
	shortcut(a, &fyne.ShortcutUndo{}) // Ctrl+Z, as the driver sends it
	want["Undo"] = 1
	check("undo")
	if len(a.doc.Relations()) != 1 {
		t.Fatal("undo did not bring the link back")
	}
	shortcut(a, &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}) // Ctrl+Shift+Z
	want["Redo"] = 1
	check("redo")
	if _, ok := a.doc.Span(claim.ID); ok {
		t.Fatal("redo did not delete the claim again")
	}
	if proj.calls["Bundle"] != 0 {
		t.Fatal("the window read the document again")
	}
}
