package annot_test

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func TestCheckLabel(t *testing.T) {
	cases := []struct {
		name string
		in   annot.Label
		want annot.Label // when ok
		ok   bool
	}{
		{"tidied", annot.Label{Name: "  DATE ", Color: "#AABBCC", Hotkey: "d"}, annot.Label{Name: "DATE", Color: "#aabbcc", Hotkey: "d"}, true},
		{"no hotkey", annot.Label{Name: "दावा", Color: "#123456"}, annot.Label{Name: "दावा", Color: "#123456"}, true},
		{"Devanagari hotkey", annot.Label{Name: "X", Color: "#123456", Hotkey: "क"}, annot.Label{Name: "X", Color: "#123456", Hotkey: "क"}, true},
		{"empty name", annot.Label{Name: "  ", Color: "#123456"}, annot.Label{}, false},
		{"control character in name", annot.Label{Name: "A\tB", Color: "#123456"}, annot.Label{}, false},
		{"invalid UTF-8 in name", annot.Label{Name: "A\xffB", Color: "#123456"}, annot.Label{}, false},
		{"colour without #", annot.Label{Name: "A", Color: "123456"}, annot.Label{}, false},
		{"short colour", annot.Label{Name: "A", Color: "#123"}, annot.Label{}, false},
		{"colour not hex", annot.Label{Name: "A", Color: "#12345g"}, annot.Label{}, false},
		{"two-character hotkey", annot.Label{Name: "A", Color: "#123456", Hotkey: "ab"}, annot.Label{}, false},
		{"space hotkey", annot.Label{Name: "A", Color: "#123456", Hotkey: " "}, annot.Label{}, false},
		{"control hotkey", annot.Label{Name: "A", Color: "#123456", Hotkey: "\x01"}, annot.Label{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := annot.CheckLabel(tc.in)
			if !tc.ok {
				if annot.ErrorKind(err) != annot.Invalid {
					t.Fatalf("CheckLabel(%+v) = %+v, %v; want Invalid", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("CheckLabel(%+v) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestCheckLabelFree(t *testing.T) {
	labels := annot.DefaultLabels()
	labels = append(labels, annot.Label{ID: "d", Name: "DATE", Hotkey: "d"})
	cases := []struct {
		name string
		l    annot.Label
		ok   bool
	}{
		{"new name and key", annot.Label{Name: "PLACE", Hotkey: "p"}, true},
		{"new name, no key", annot.Label{Name: "PLACE"}, true},
		{"name taken", annot.Label{Name: "CLAIM", Hotkey: "c"}, false},
		{"hotkey taken", annot.Label{Name: "PLACE", Hotkey: "2"}, false},
		{"hotkey taken in another case", annot.Label{Name: "PLACE", Hotkey: "D"}, false},
		{"a label keeps its own name and key", annot.Label{ID: annot.LabelID("CLAIM"), Name: "CLAIM", Hotkey: "1"}, true},
		{"renaming onto another's name", annot.Label{ID: annot.LabelID("CLAIM"), Name: "ACTOR", Hotkey: "1"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := annot.CheckLabelFree(labels, tc.l)
			if tc.ok != (err == nil) || (err != nil && annot.ErrorKind(err) != annot.Conflict) {
				t.Fatalf("CheckLabelFree(%+v) = %v, want ok=%v (else Conflict)", tc.l, err, tc.ok)
			}
		})
	}
}

func TestFreeHotkey(t *testing.T) {
	cases := []struct {
		taken []string
		want  string
	}{
		{nil, "1"},
		{[]string{"1", "2", "3"}, "4"},
		{[]string{"1", "3"}, "2"},
		{[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, ""},
		{[]string{"a", ""}, "1"},
	}
	for _, tc := range cases {
		m := map[string]bool{}
		for _, k := range tc.taken {
			m[k] = true
		}
		if got := annot.FreeHotkey(m); got != tc.want {
			t.Errorf("FreeHotkey(%v) = %q, want %q", tc.taken, got, tc.want)
		}
	}
}

func TestLabelForKeyAndKeyFor(t *testing.T) {
	labels := []annot.Label{
		{Name: "CLAIM", Hotkey: "c"},
		{Name: "ACTOR"},
		{Name: "SOURCE", Hotkey: "1"},
		{Name: "DATE", Hotkey: "x"},
	}
	keys := []struct {
		key  rune
		want string // "" for none
	}{
		{'c', "CLAIM"},
		{'C', "CLAIM"},  // hotkeys ignore case
		{'1', "SOURCE"}, // a hotkey beats a place
		{'2', "ACTOR"},  // no hotkey: the label in second place
		{'3', "SOURCE"},
		{'4', "DATE"},
		{'5', ""},
		{'z', ""},
	}
	for _, tc := range keys {
		l, ok := annot.LabelForKey(labels, tc.key)
		if ok != (tc.want != "") || l.Name != tc.want {
			t.Errorf("LabelForKey(%q) = %q, %v; want %q", tc.key, l.Name, ok, tc.want)
		}
	}
	// The key a button shows is one that tags with its label.
	wantKeys := []string{"c", "2", "1", "x"}
	for i, want := range wantKeys {
		if got := annot.KeyFor(labels, i); got != want {
			t.Errorf("KeyFor(%s) = %q, want %q", labels[i].Name, got, want)
		}
	}
	// A label without a hotkey whose digit is another's hotkey has no key.
	shadowed := []annot.Label{{Name: "A", Hotkey: "2"}, {Name: "B"}}
	if got := annot.KeyFor(shadowed, 1); got != "" {
		t.Errorf("KeyFor(B) = %q, want none: 2 tags A", got)
	}
	if got := annot.KeyFor(labels, 9); got != "" {
		t.Errorf("KeyFor out of range = %q", got)
	}
}
