package ui

import "testing"

func TestDBName(t *testing.T) {
	for in, want := range map[string]string{
		"/home/asha/.local/share/spanmark/spanmark.db":                       "spanmark.db",
		"postgres://asha@db.example/news":                                    "asha@db.example/news",
		"postgres://postgres@127.0.0.1:55432/postgres?search_path=desk2&x=1": "postgres@127.0.0.1:55432/postgres (desk2)",
	} {
		if got := dbName(in); got != want {
			t.Errorf("dbName(%q) = %q, want %q", in, got, want)
		}
	}
}
