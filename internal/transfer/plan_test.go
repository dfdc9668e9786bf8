package transfer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"app.spanmark.org/spanmark/internal/transfer"
)

// writeFiles makes each file (path relative to dir, "/" separated) with
// content, and its folders.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// corpusFolder is a folder as an analyst's download looks: articles,
// brat pairs, task files, licences, tool configuration and hidden files.
var corpusFolder = map[string]string{
	"01-story.txt":         "A lone article.\n",
	"02-brat.txt":          "Reuters said so.\n",
	"02-brat.ann":          "T1\tSOURCE 0 7\tReuters\n",
	"03-tasks.jsonl":       `{"text":"x"}` + "\n",
	"04-page.html":         "<p>Page</p>",
	"05-notes.md":          "# Notes\n",
	"08-ner.conll":         "EU\tB-ORG\n",
	"09-inception.tsv":     "#FORMAT=WebAnno TSV 3.3\n",
	"07-orphan.ann":        "T1\tACTOR 0 1\tx\n",
	"COPYING":              "GPL\n",
	"LICENSE.md":           "# Licence\n",
	"annotation.conf":      "[entities]\n",
	"data.csv":             "a,b\n",
	".hidden.txt":          "hidden\n",
	".git/HEAD.txt":        "ref\n",
	"sub/06-deep.txt":      "Deeper.\n",
	"sub/.cache/stale.txt": "stale\n",
}

// describeJobs shows jobs with paths relative to dir, one a line.
func describeJobs(dir string, jobs []transfer.Job) string {
	rel := func(p string) string {
		if p == "" {
			return ""
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	var b strings.Builder
	for _, j := range jobs {
		fmt.Fprintf(&b, "%s %s %s\n", rel(j.Path), rel(j.Text), j.Format)
	}
	return b.String()
}

func relAll(dir string, paths []string) string {
	var out []string
	for _, p := range paths {
		r, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(r))
	}
	return strings.Join(out, " ")
}

func TestPlan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, corpusFolder)
	in := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	tests := []struct {
		name    string
		paths   []string
		forced  string
		jobs    string // describeJobs
		skipped string // relative, space separated
		err     string // in the error, "" for none
	}{
		{
			name:  "Folder",
			paths: []string{dir},
			// Walk order; the brat pair is one job; the orphan .ann is
			// planned (its import reports the missing .txt).
			jobs: "01-story.txt  txt\n" +
				"02-brat.ann 02-brat.txt brat\n" +
				"03-tasks.jsonl  \n" +
				"04-page.html  html\n" +
				"05-notes.md  md\n" +
				"07-orphan.ann 07-orphan.txt brat\n" +
				"08-ner.conll  conll\n" +
				"09-inception.tsv  webanno\n" +
				"sub/06-deep.txt  txt\n",
			skipped: "COPYING LICENSE.md annotation.conf data.csv",
		},
		{name: "NamedText", paths: []string{in("01-story.txt")}, jobs: "01-story.txt  txt\n"},
		{name: "NamedTextOfBratPair", paths: []string{in("02-brat.txt")}, jobs: "02-brat.ann 02-brat.txt brat\n"},
		{name: "NamedAnnOfBratPair", paths: []string{in("02-brat.ann")}, jobs: "02-brat.ann 02-brat.txt brat\n"},
		{
			name:  "PairNamedTwiceAndInFolder",
			paths: []string{in("02-brat.txt"), in("02-brat.ann"), in("sub"), in("sub/06-deep.txt")},
			jobs:  "02-brat.ann 02-brat.txt brat\nsub/06-deep.txt  txt\n",
		},
		{name: "NamedLicence", paths: []string{in("LICENSE.md")}, jobs: "LICENSE.md  md\n"},
		{name: "NamedHidden", paths: []string{in(".hidden.txt")}, jobs: ".hidden.txt  txt\n"},
		{name: "NamedUnknownExtension", paths: []string{in("01-story.txt"), in("annotation.conf")}, err: in("annotation.conf") + ": no known format by its extension"},
		{name: "NamedMissing", paths: []string{in("01-story.txt"), in("gone.txt")}, err: in("gone.txt") + ": cannot read"},
		{name: "ForcedFormatOnFile", paths: []string{in("annotation.conf")}, forced: "txt", jobs: "annotation.conf  txt\n"},
		{
			name:   "ForcedFormatOnFolder",
			paths:  []string{in("sub"), in("02-brat.txt")},
			forced: "doccano",
			jobs:   "sub/06-deep.txt  doccano\n02-brat.txt  doccano\n",
		},
		{
			name:   "ForcedBrat",
			paths:  []string{in("02-brat.txt"), in("01-story.txt")},
			forced: "brat",
			// A .txt with no .ann yet is a brat document without spans.
			jobs: "02-brat.ann 02-brat.txt brat\n01-story.txt.ann 01-story.txt brat\n",
		},
		{name: "ForcedUnknown", paths: []string{dir}, forced: "xml", err: `unknown import format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, skipped, err := transfer.Plan(tt.paths, tt.forced)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := describeJobs(dir, jobs); got != tt.jobs {
				t.Errorf("jobs:\n%s\nwant:\n%s", got, tt.jobs)
			}
			if got := relAll(dir, skipped); got != tt.skipped {
				t.Errorf("skipped %q, want %q", got, tt.skipped)
			}
		})
	}
}

// Reproduction of issue 9.9: a symbolic link to a folder was listed as a
// file of no known format, and a folder that cannot be read stopped the
// whole import. Links are followed (once, so a loop ends), and an
// unreadable folder is reported while the rest is planned.
func TestPlan_LinksAndUnreadableFolders(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"real/a.txt":   "article a",
		"top/b.txt":    "article b",
		"locked/c.txt": "article c",
	})
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "top", "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "top"), filepath.Join(dir, "top", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "top", "dangling")); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked")
	transfer.SetReadDir(t, func(name string) ([]os.DirEntry, error) {
		if name == locked {
			return nil, &os.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return os.ReadDir(name)
	})
	p, err := transfer.PlanAll([]string{filepath.Join(dir, "top"), dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describeJobs(dir, p.Jobs), "top/b.txt  txt\ntop/linked/a.txt  txt\n"; got != want {
		t.Fatalf("jobs\n%s, want (real/ is the linked folder, planned once)\n%s", got, want)
	}
	if len(p.Skipped) != 0 {
		t.Fatalf("skipped %v", p.Skipped)
	}
	var why []string
	for _, e := range p.Unreadable {
		why = append(why, e.Error())
	}
	joined := strings.Join(why, "\n")
	if !strings.Contains(joined, filepath.Join(dir, "top", "dangling")) {
		t.Fatalf("unreadable %q: the dangling link is not reported", joined)
	}
	if !strings.Contains(joined, locked+": cannot read this folder; skipped: permission denied") {
		t.Fatalf("unreadable %q: the locked folder is not reported", joined)
	}
}
