package ui

import "testing"

// The system's colour emoji font is looked for only when a document has a
// character that may need it: for others the scan, the font and its file
// (40-50 MB of the window) are never loaded.
func TestColourEmoji_LoadedOnlyForEmoji(t *testing.T) {
	var e colourEmoji
	e.prepareFor("चीन ने दुर्लभ पृथ्वी धातुओं पर प्रभुत्व मजबूत किया। Reuters said so.")
	if e.drawsBetter("क्ष") || e.drawsBetter("Re") {
		t.Error("a conjunct or Latin letters drawn with the emoji font")
	}
	if e.better != nil {
		t.Fatal("the emoji font was looked for in a text without emoji")
	}
	e.prepareFor("A scientist 👩\u200d🔬 at work")
	if e.better == nil {
		t.Fatal("the emoji font was not looked for in a text with an emoji sequence")
	}
}
