package postgres

import (
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"none", `SELECT 1`, `SELECT 1`},
		{"in order", `UPDATE t SET a = ? WHERE id = ? AND b = ?`, `UPDATE t SET a = $1 WHERE id = $2 AND b = $3`},
		{"numbered", `SELECT ?2 WHERE x = ?1 OR y = ?1`, `SELECT $2 WHERE x = $1 OR y = $1`},
		{"many", strings.Repeat("?,", 11) + "?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12"},
		{"quoted", `SELECT '?' || "a?b" || ? FROM t`, `SELECT '?' || "a?b" || $1 FROM t`},
		{"escaped quote", `SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rebind(tc.in); got != tc.want {
				t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzRebind checks that rebind only ever replaces placeholders: what is
// left of a statement once its placeholders are taken out is unchanged.
func FuzzRebind(f *testing.F) {
	f.Add(`UPDATE t SET a = ? WHERE id = ?1 AND b = '?'`)
	f.Add(`SELECT 'it''s ?', "?", ?12`)
	f.Fuzz(func(t *testing.T, q string) {
		got := rebind(q)
		if strings.Count(got, "?") > strings.Count(q, "?") {
			t.Fatalf("rebind(%q) = %q adds placeholders", q, got)
		}
		if strip(got) != strip(q) {
			t.Fatalf("rebind(%q) = %q changes more than placeholders", q, got)
		}
	})
}

// strip takes every ?, $ and digit out of q: all that rebind may
// change.
func strip(q string) string {
	return strings.Map(func(r rune) rune {
		if r == '?' || r == '$' || r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, q)
}
