package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSettings_AddRecent(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	var s Settings
	for i := 0; i < 10; i++ {
		s.AddRecent(filepath.Join(dir, fmt.Sprintf("p%d.db", i)))
	}
	s.AddRecent(filepath.Join(dir, "p5.db"))
	if len(s.Recent) != maxRecent || s.Recent[0] != filepath.Join(dir, "p5.db") || s.Recent[1] != filepath.Join(dir, "p9.db") {
		t.Fatalf("recent = %v", s.Recent)
	}
	if err := Save(s); err != nil {
		t.Fatal(err)
	}
	if got := Load().Recent; !reflect.DeepEqual(got, s.Recent) {
		t.Fatalf("after saving, recent = %v", got)
	}
}
