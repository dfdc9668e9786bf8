package suggest

import (
	"encoding/json"
	"fmt"
)

// Attribution is Spanmark's extension to a pattern line, under the key
// "spanmark", for what token patterns cannot say: the pattern matches a
// reporting cue ("said", "ने कहा", "के अनुसार"), and the extension says
// where the speaker is, so that the rule can tag the whole noun phrase
// and the claim around it and link them. A line without it is an ordinary
// EntityRuler pattern.
//
//	{"label":"ACTOR","pattern":[{"LOWER":"के"},{"LOWER":"अनुसार"}],
//	 "id":"hi-anusar","spanmark":{"speaker":"before"}}
//
// speaker is one of
//   - "before": the noun phrase that ends right before the cue ("X said",
//     "X के अनुसार", "X का कहना है");
//   - "after": the noun phrase that starts right after it ("according to X",
//     "said X");
//   - "auto": "after" when the cue follows a quotation or a comma and a
//     name follows it (`"…," said X`), else "before";
//   - "agent": the phrase before the nearest ने to the cue's left in the
//     same sentence, or a pronoun with ने fused in (उन्होंने, उसने), so that
//     words may stand between them (X ने सोमवार को एक पोस्ट में लिखा);
//   - "first": the cue's own first token, a pronoun with the possessive
//     fused in (उनका कहना है कि, उसका दावा था कि).
//
// The phrase is tagged SOURCE when it names an outlet, agency, report or
// other document (the media word lists), ACTOR otherwise, and the cue is
// dropped when the phrase names no one at all (the schedule, ईस्टर्न टाइम).
// told (true) also tags the outlet a statement was made to ("told the BBC",
// "ने बीबीसी से कहा") as a SOURCE. The CLAIM is found around the cue: an
// adjacent quotation, the कि / "that" clause to the end of the sentence,
// the rest of the sentence after "X के अनुसार," or the clause before
// ", X said". claim "none" tags the speaker only; claim "clause" accepts
// only a quotation or a कि / "that" clause, for cues that also take a plain
// object ("X का दावा"). cites (true) also tags the phrase after the cue,
// ACTOR or SOURCE by what it names, as a second speaker of the claim ("The
// Daily Telegraph cited a security source that …"). only "SOURCE" keeps
// the cue only when its speaker names an outlet or document, and then
// takes a plain object as the claim too ("The analysis shows a direct
// link …", "the post reads").
type Attribution struct {
	Speaker string `json:"speaker"`
	Claim   string `json:"claim"`
	Told    bool   `json:"told"`
	Cites   bool   `json:"cites"`
	Only    string `json:"only"`
}

func parseAttribution(raw json.RawMessage) (*Attribution, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("must be an object")
	}
	a := &Attribution{Speaker: "before", Claim: "auto"}
	for _, k := range sortedKeys(obj) {
		v := obj[k]
		switch k {
		case "speaker":
			if json.Unmarshal(v, &a.Speaker) != nil || !oneOf(a.Speaker, "before", "after", "auto", "agent", "first") {
				return nil, fmt.Errorf(`"speaker" must be "before", "after", "auto", "agent" or "first"`)
			}
		case "claim":
			if json.Unmarshal(v, &a.Claim) != nil || !oneOf(a.Claim, "auto", "none", "clause") {
				return nil, fmt.Errorf(`"claim" must be "auto", "none" or "clause"`)
			}
		case "told":
			if json.Unmarshal(v, &a.Told) != nil {
				return nil, fmt.Errorf(`"told" must be true or false`)
			}
		case "cites":
			if json.Unmarshal(v, &a.Cites) != nil {
				return nil, fmt.Errorf(`"cites" must be true or false`)
			}
		case "only":
			if json.Unmarshal(v, &a.Only) != nil || !oneOf(a.Only, "SOURCE", "ACTOR") {
				return nil, fmt.Errorf(`"only" must be "SOURCE" or "ACTOR"`)
			}
		default:
			return nil, fmt.Errorf("unsupported key %q (known: speaker, claim, told, cites, only)", k)
		}
	}
	return a, nil
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
