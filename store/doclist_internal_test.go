package store

import (
	"fmt"
	"testing"
)

func pack(id string, seq, length int, source, title string) string {
	return fmt.Sprintf("%d,%d,%d,%d,%d,%s%s%s", len(id), seq, length, len(source), len(title), id, source, title)
}

func FuzzUnpackList(f *testing.F) {
	f.Add("7d1c0000-0000-4000-8000-000000000001", 1, 12, "a,b.txt", "राज्य, 12,3,")
	f.Add("", 0, 0, "", "")
	f.Fuzz(func(t *testing.T, id string, seq, length int, source, title string) {
		if seq < 0 || length < 0 {
			return
		}
		s := pack(id, seq, length, source, title) + pack(title, length, seq, id, source)
		got, err := unpackList(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != id || got[0].Title != title || got[0].Source != source || got[0].Seq != int64(seq) || got[0].Length != length ||
			got[1].ID != title || got[1].Source != id || got[1].Title != source {
			t.Fatalf("unpacked %+v", got)
		}
		// Cut short inside the first record, it is an error, not a panic
		// or a wrong record.
		first := len(pack(id, seq, length, source, title))
		for i := 1; i < first; i += 1 + first/17 {
			if got, err := unpackList(s[:i]); err == nil {
				t.Fatalf("%q cut at %d read as %+v", s, i, got)
			}
		}
	})
}
