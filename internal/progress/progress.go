// Package progress draws a one-line progress bar on a terminal for long
// command-line work (imports, exports, merges): a bar, the count done of
// the total, the rate and the time so far. It draws only when its writer
// is a terminal, so scripts and pipelines that capture standard error see
// nothing of it. It uses a carriage return and spaces, no escape
// sequences, so it draws the same in a Linux terminal and in cmd.exe.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// Enabled reports whether a bar should be drawn on w: w is a terminal and
// the user did not ask for quiet.
func Enabled(w io.Writer, quiet bool) bool {
	f, ok := w.(*os.File)
	return !quiet && ok && term.IsTerminal(int(f.Fd()))
}

// Bar is a progress line. The zero of a nil *Bar is valid and draws
// nothing, so callers need not check whether progress is shown.
type Bar struct {
	w     io.Writer
	verb  string // "importing"
	unit  string // "documents"
	start time.Time
	now   func() time.Time
	width int

	done  atomic.Int64 // units done, what the rate counts
	total atomic.Int64 // 0 while unknown
	// frac, when set, places the bar more finely than done/total (for
	// instance by bytes of input read), in millionths.
	frac atomic.Int64

	mu       sync.Mutex
	lastLen  int
	stop     chan struct{}
	finished chan struct{}
}

// Start draws a bar on w, redrawn every interval until Finish. With
// enabled false it returns nil, which draws nothing.
func Start(w io.Writer, enabled bool, verb, unit string, total int64) *Bar {
	if !enabled {
		return nil
	}
	b := newBar(w, verb, unit, total)
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			b.width = cols - 1 // the last column would wrap on some terminals
		}
	}
	go b.loop(100 * time.Millisecond)
	return b
}

func newBar(w io.Writer, verb, unit string, total int64) *Bar {
	b := &Bar{w: w, verb: verb, unit: unit, now: time.Now, width: 79,
		stop: make(chan struct{}), finished: make(chan struct{})}
	b.start = b.now()
	b.total.Store(total)
	b.frac.Store(-1)
	return b
}

// Add counts n more units done.
func (b *Bar) Add(n int64) {
	if b != nil {
		b.done.Add(n)
	}
}

// Set sets the units done.
func (b *Bar) Set(n int64) {
	if b != nil {
		b.done.Store(n)
	}
}

// SetTotal changes the total, 0 for unknown.
func (b *Bar) SetTotal(n int64) {
	if b != nil {
		b.total.Store(n)
	}
}

// SetFraction places the bar at f (0 to 1) independently of the count.
func (b *Bar) SetFraction(f float64) {
	if b != nil {
		b.frac.Store(int64(min(max(f, 0), 1) * 1e6))
	}
}

// Finish stops redrawing and clears the line, so that what is printed
// next starts at the left margin.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	close(b.stop)
	<-b.finished
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lastLen > 0 {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.lastLen))
		b.lastLen = 0
	}
}

// Printf prints a line above the bar (a warning, a file's result) without
// mixing the two.
func (b *Bar) Printf(w io.Writer, format string, args ...any) {
	if b == nil {
		fmt.Fprintf(w, format, args...)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lastLen > 0 {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.lastLen))
		b.lastLen = 0
	}
	fmt.Fprintf(w, format, args...)
}

func (b *Bar) loop(every time.Duration) {
	defer close(b.finished)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.draw()
		}
	}
}

func (b *Bar) draw() {
	line := b.line(b.now().Sub(b.start))
	b.mu.Lock()
	defer b.mu.Unlock()
	pad := ""
	if n := len([]rune(line)); n < b.lastLen {
		pad = strings.Repeat(" ", b.lastLen-n)
	}
	fmt.Fprintf(b.w, "\r%s%s", line, pad)
	b.lastLen = len([]rune(line))
}
