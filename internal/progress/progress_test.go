package progress

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name        string
		done, total int64
		frac        float64 // < 0: not set
		elapsed     time.Duration
		want        string
	}{
		{"Known", 9012, 20000, -1, 2 * time.Second,
			"importing [#########...........]  45%  9,012 of 20,000 documents  4,506/s  0:02"},
		{"Unknown", 9012, 0, -1, 2 * time.Second, "importing  9,012 documents  4,506/s  0:02"},
		{"FractionWins", 10, 20000, 0.5, 75 * time.Second,
			"importing [#############..............]  50%  10 of 20,000 documents  0/s  1:15"},
		{"TooSoonForARate", 3, 0, -1, 50 * time.Millisecond, "importing  3 documents  -/s  0:00"},
		{"PastTheTotal", 25, 20, -1, time.Hour + 2*time.Second,
			"importing [############################] 100%  25 of 20 documents  0/s  1:00:02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBar(&bytes.Buffer{}, "importing", "documents", tt.total)
			b.Set(tt.done)
			if tt.frac >= 0 {
				b.SetFraction(tt.frac)
			}
			got := b.line(tt.elapsed)
			if got != tt.want {
				t.Errorf("line:\n got %q\nwant %q", got, tt.want)
			}
			if n := len([]rune(got)); n > b.width {
				t.Errorf("line of %d columns is wider than the terminal's %d", n, b.width)
			}
		})
	}
}

func TestLine_NarrowTerminal(t *testing.T) {
	b := newBar(&bytes.Buffer{}, "exporting", "documents", 100)
	b.width = 50
	b.Set(50)
	got := b.line(time.Second)
	if !strings.HasPrefix(got, "exporting  50%") || strings.Contains(got, "[") {
		t.Errorf("with no room for a bar, the line should drop it: %q", got)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 465000: "465,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// A redraw that is shorter than the one before blanks the rest, and
// Finish leaves the line empty for what is printed next.
func TestBar_RedrawAndFinish(t *testing.T) {
	var out bytes.Buffer
	b := newBar(&out, "importing", "documents", 0)
	go b.loop(time.Hour) // Finish needs the loop running; draw by hand
	b.Set(123456)
	b.draw()
	first := out.String()
	b.Set(7)
	b.draw()
	second := strings.TrimPrefix(out.String(), first)
	if len([]rune(second)) < len([]rune(first)) {
		t.Errorf("shorter redraw %q does not cover the longer one %q", second, first)
	}
	b.Printf(&out, "a.jsonl: 3 documents\n")
	if !strings.HasSuffix(out.String(), "\r"+"a.jsonl: 3 documents\n") {
		t.Errorf("a line printed over the bar should start on a blank line: %q", out.String())
	}
	b.draw()
	b.Finish()
	if s := out.String(); !strings.HasSuffix(s, "\r") {
		t.Errorf("Finish should return to the left margin: %q", s)
	}
}

func TestNilBar(t *testing.T) {
	b := Start(os.Stderr, false, "importing", "documents", 10)
	if b != nil {
		t.Fatal("a disabled bar should be nil")
	}
	b.Add(1)
	b.Set(2)
	b.SetTotal(3)
	b.SetFraction(0.5)
	var out bytes.Buffer
	b.Printf(&out, "kept %d\n", 1)
	b.Finish()
	if out.String() != "kept 1\n" {
		t.Errorf("a nil bar's Printf should print plainly: %q", out.String())
	}
}

func TestEnabled(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Enabled(f, false) {
		t.Error("a file is not a terminal")
	}
	if Enabled(&bytes.Buffer{}, false) {
		t.Error("a buffer is not a terminal")
	}
	tty := openTerminal(t)
	if !Enabled(tty, false) {
		t.Error("a terminal should show progress")
	}
	if Enabled(tty, true) {
		t.Error("--quiet should silence progress on a terminal")
	}
}
