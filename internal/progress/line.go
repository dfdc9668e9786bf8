package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// line is what the bar shows after elapsed:
//
//	importing [########........]  45%  9,012 of 20,000 documents  4,512/s  0:02
//
// or, while the total is unknown, the count, rate and time alone. The bar
// takes what is left of the width.
func (b *Bar) line(elapsed time.Duration) string {
	done, total := b.done.Load(), b.total.Load()
	frac := -1.0
	if f := b.frac.Load(); f >= 0 {
		frac = float64(f) / 1e6
	} else if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	count := Count(done) + " " + b.unit
	if total > 0 {
		count = Count(done) + " of " + Count(total) + " " + b.unit
	}
	tail := fmt.Sprintf("  %s  %s  %s", count, rate(done, elapsed), clock(elapsed))
	if frac < 0 {
		return b.verb + tail
	}
	pct := fmt.Sprintf(" %3d%%", int(frac*100))
	room := b.width - len([]rune(b.verb)) - len([]rune(tail)) - len(pct) - 3
	if room < 5 {
		return b.verb + pct + tail
	}
	room = min(room, 40)
	full := int(frac * float64(room))
	return b.verb + " [" + strings.Repeat("#", full) + strings.Repeat(".", room-full) + "]" + pct + tail
}

// Count writes n with thousands separators: 20,000.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func rate(done int64, elapsed time.Duration) string {
	if elapsed < 200*time.Millisecond {
		return "-/s"
	}
	return Count(int64(float64(done)/elapsed.Seconds())) + "/s"
}

// clock writes a duration as m:ss, or h:mm:ss past an hour.
func clock(d time.Duration) string {
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
