package ui

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestApp_ActionLog: with an action log set, each write the analyst asks
// for by key (tag, delete, undo, redo) writes one line naming it, with
// the time the window was held; a write the store refuses says why. No
// line is written without a log, and none for a key that asks nothing of
// the store.
func TestApp_ActionLog(t *testing.T) {
	a, db := newTestApp(t)
	var log bytes.Buffer
	a.SetActionLog(&log)
	words := "इस सप्ताह"
	start := runeIndex(a.doc.Text(), words)
	a.doc.Select(start, start+len([]rune(words)))
	a.view.TypedRune('1')
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	shortcut(a, &fyne.ShortcutUndo{})
	shortcut(a, &fyne.ShortcutRedo{})
	a.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // moves nothing in the store
	a.doc.Select(start, start+len([]rune(words)))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	a.view.TypedRune('2')

	var got []string
	for _, l := range strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n") {
		var line ActionLine
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if line.HeldMS < 0 || line.At.IsZero() {
			t.Errorf("line %q: no time held or no start", l)
		}
		got = append(got, line.Action+" "+map[bool]string{true: "ok", false: "failed"}[line.Error == ""])
		if line.Error != "" && !strings.Contains(line.Error, "closed") {
			t.Errorf("the failed tag logged %q, want the store's reason", line.Error)
		}
	}
	want := "tag ok, delete ok, undo ok, redo ok, tag failed"
	if strings.Join(got, ", ") != want {
		t.Fatalf("the action log says %q, want %q\n%s", strings.Join(got, ", "), want, log.String())
	}

	a.SetActionLog(nil)
	a.view.TypedRune('1') // no log: nothing written, nothing breaks
	if strings.Count(log.String(), "\n") != 5 {
		t.Errorf("a line was written after the log was unset:\n%s", log.String())
	}
}
