package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

// listDir names the entries of dir, hidden ones included, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// failingExporter hands over its documents, then fails.
type failingExporter struct {
	docs []annot.Bundle
	err  error
}

func (f failingExporter) Export(ctx context.Context, _ annot.ExportFilter, fn func(*annot.Bundle) error) error {
	for i := range f.docs {
		if err := fn(&f.docs[i]); err != nil {
			return err
		}
	}
	return f.err
}

func TestExport_FailureLeavesNoFile(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	previous := []byte("yesterday's export\n")
	diskFull := errors.New("no space left on device")

	tests := []struct {
		name   string
		run    func(out string) (int, error)
		wantIs error
	}{
		{
			name: "CancelledAfterFirstDocument",
			run: func(out string) (int, error) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				return transfer.Export(ctx, db, formats.Native, out, nil, annot.ExportFilter{},
					func(n int) {
						if n == 1 {
							cancel()
						}
					}, nil)
			},
			wantIs: context.Canceled,
		},
		{
			name: "SourceFailsAfterDocuments",
			run: func(out string) (int, error) {
				src := failingExporter{docs: bundles(t, db), err: diskFull}
				return transfer.Export(context.Background(), src, formats.Doccano, out, nil, annot.ExportFilter{}, nil, nil)
			},
			wantIs: diskFull,
		},
		{
			name: "UnknownAnnotator",
			run: func(out string) (int, error) {
				return transfer.Export(context.Background(), db, formats.Prodigy, out, nil, annot.ExportFilter{Annotator: "nobody"}, nil, nil)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, existing := range []bool{false, true} {
				dir := t.TempDir()
				out := filepath.Join(dir, "train.jsonl")
				want := []string(nil)
				if existing {
					if err := os.WriteFile(out, previous, 0o644); err != nil {
						t.Fatal(err)
					}
					want = []string{"train.jsonl"}
				}
				n, err := tt.run(out)
				if err == nil {
					t.Fatalf("existing=%v: the export succeeded with %d documents", existing, n)
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Errorf("existing=%v: error %v, want %v", existing, err, tt.wantIs)
				}
				if got := listDir(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("existing=%v: the folder holds %q after a failed export, want %q", existing, got, want)
				}
				if existing {
					if got, _ := os.ReadFile(out); !bytes.Equal(got, previous) {
						t.Errorf("the file already at --out was changed to %q", got)
					}
				}
			}
		})
	}
}

func TestExport_ReplacesFileWhenComplete(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	dir := t.TempDir()
	out := filepath.Join(dir, "train.jsonl")
	os.WriteFile(out, []byte("yesterday's export\n"), 0o644)
	var progress []int
	n, err := transfer.Export(context.Background(), db, formats.Native, out, nil, annot.ExportFilter{},
		func(n int) { progress = append(progress, n) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(progress) != 3 || progress[2] != 3 {
		t.Errorf("wrote %d documents with progress %v, want 3 and [1 2 3]", n, progress)
	}
	got, _ := os.ReadFile(out)
	if lines := strings.Count(string(got), "\n"); lines != 3 || !strings.Contains(string(got), `"source":"gamma.txt"`) {
		t.Errorf("the export holds %d lines:\n%s", lines, got)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %q, want the export alone", names)
	}
}

func TestExport_ToStdout(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	for _, out := range []string{"", "-"} {
		var buf bytes.Buffer
		n, err := transfer.Export(context.Background(), db, formats.Doccano, out, &buf, annot.ExportFilter{}, nil, nil)
		if err != nil || n != 3 || strings.Count(buf.String(), "\n") != 3 {
			t.Errorf("out %q: %d documents, %v:\n%s", out, n, err, buf.String())
		}
	}
}

func TestExport_OntoFolder(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	dir := t.TempDir()
	_, err := transfer.Export(context.Background(), db, formats.Native, dir, nil, annot.ExportFilter{}, nil, nil)
	if err == nil || !strings.HasPrefix(err.Error(), dir+": is a folder") {
		t.Errorf("exporting onto a folder: %v", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("the folder gained %q", names)
	}
	parent := listDir(t, filepath.Dir(dir))
	for _, n := range parent {
		if strings.HasSuffix(n, ".part") {
			t.Errorf("a temporary file was left beside the folder: %s", n)
		}
	}
}

func TestExport_BratFolder(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	dir := filepath.Join(t.TempDir(), "brat", "out") // made as needed
	n, err := transfer.Export(context.Background(), db, formats.Brat, dir, nil, annot.ExportFilter{}, nil, nil)
	if err != nil || n != 3 {
		t.Fatalf("%d documents, %v", n, err)
	}
	want := map[string]string{
		"alpha.txt": "Reuters said the mine closed.",
		"alpha.ann": "T1\tSOURCE 0 7\tReuters\nT2\tCLAIM 13 28\tthe mine closed\n",
		"beta.txt":  "चीन ने कहा\nनिर्यात रुकेगा।",
		"beta.ann":  "T1\tACTOR 0 3\tचीन\nT2\tCLAIM 11 25\tनिर्यात रुकेगा\n",
		"gamma.txt": "Nothing to tag here.",
		"gamma.ann": "",
	}
	if got := strings.Join(listDir(t, dir), " "); got != "alpha.ann alpha.txt beta.ann beta.txt gamma.ann gamma.txt" {
		t.Errorf("the folder holds %s", got)
	}
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != content {
			t.Errorf("%s: %q (%v), want %q", name, got, err, content)
		}
	}

	// Exporting again refreshes the folder in place.
	if _, err := transfer.Export(context.Background(), db, formats.Brat, dir, nil, annot.ExportFilter{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := len(listDir(t, dir)); got != 6 {
		t.Errorf("a second export left %d files, want 6", got)
	}
}

func TestExport_BratNeedsFolder(t *testing.T) {
	db := openStore(t)
	mustImport(t, db, "docs.jsonl", threeDocs)
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("keep me\n"), 0o644)
	for _, out := range []string{"", "-", file} {
		var stdout bytes.Buffer
		_, err := transfer.Export(context.Background(), db, formats.Brat, out, &stdout, annot.ExportFilter{}, nil, nil)
		if err == nil {
			t.Errorf("brat to %q succeeded", out)
		}
		if stdout.Len() > 0 {
			t.Errorf("brat to %q wrote to stdout", out)
		}
	}
	if got, _ := os.ReadFile(file); string(got) != "keep me\n" {
		t.Errorf("brat over a file changed it to %q", got)
	}
}

// TestDescribe_Plurals: one of a thing is not "1 spans".
func TestDescribe_Plurals(t *testing.T) {
	for _, tc := range []struct {
		r    annot.ImportResult
		want string
	}{
		{annot.ImportResult{Documents: 1, NewDocuments: 1, Spans: 1, NewSpans: 1, Relations: 1, NewRelations: 1}, "1 document (1 new), 1 span (1 new), 1 relation (1 new)"},
		{annot.ImportResult{Documents: 2, Spans: 0}, "2 documents (0 new), 0 spans (0 new), 0 relations (0 new)"},
	} {
		if got := transfer.Describe(tc.r); got != tc.want {
			t.Errorf("Describe(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}
