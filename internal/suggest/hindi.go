package suggest

// Hindi settings of a statement: an interview or a conversation with an
// outlet, before the speaker or between the speaker and the verb:
//
//	स्पुतनिक न्यूज़ को दिए एक साक्षात्कार में यूनेस्को ने कहा
//	काथिमेरिनी से बातचीत में मंत्री ने कहा
//	मंत्री ने सीएनएन के साथ एक साक्षात्कार में कहा
//
// The one interviewed speaks; the one it was given to is a SOURCE when it
// is a name or an outlet (not पत्रकारों, not a role).

// hiSettingAt reports whether token k is the में closing a setting
// ("साक्षात्कार में", "बातचीत में"), and returns the listener phrase
// before its को, से or के साथ, a few words back.
func (e *engine) hiSettingAt(k, lo int) (bool, int, int) {
	d := e.d
	if k < 1 || d.lowers[k] != "में" || !e.lex.has("hisetting", d.lowers[k-1]) {
		return false, 0, 0
	}
	for j := k - 2; j > lo && k-j <= 6; j-- {
		switch w := d.lowers[j]; {
		case w == "को" || w == "से":
			s, t := e.phraseBefore(j)
			return true, s, t
		case w == "साथ" && d.lowers[j-1] == "के":
			s, t := e.phraseBefore(j - 1)
			return true, s, t
		case d.punct(j):
			return true, 0, 0
		}
	}
	return true, 0, 0
}

// hiSettingBefore finds a setting in the sentence before the speaker
// [ss, se) and trims it from the speaker's phrase when the phrase took it
// in ("दिए एक साक्षात्कार में यूनेस्को"). It returns the speaker and the
// listener, if a name or an outlet.
func (e *engine) hiSettingBefore(ss, se int) (int, int, []Span) {
	lo := e.l.sentStart[ss]
	var out []Span
	for k := ss; k < se-1; k++ {
		if ok, _, _ := e.hiSettingAt(k, lo); ok {
			ss = k + 1
		}
	}
	for k := ss - 1; k > lo && ss-k <= 12; k-- {
		if ok, s, t := e.hiSettingAt(k, lo); ok {
			if t > s && e.slotLabel(s, t) == "SOURCE" {
				out = append(out, e.span(s, t, "SOURCE"))
			}
			break
		}
	}
	return ss, se, out
}
