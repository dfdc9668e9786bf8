package suggest

import (
	"strings"
	"testing"
)

// spans runs one pattern file over text and returns "label:text" of what an
// EntityRuler would keep.
func spans(t *testing.T, patterns, text string, opt Options) []string {
	t.Helper()
	ps, err := ReadPatterns("p.jsonl", []byte(patterns))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDoc(text)
	var out []string
	for _, s := range Compile(ps, opt).Spans(d) {
		out = append(out, s.Label+":"+sliceRunes(text, s.Start, s.End))
	}
	return out
}

// Cases follow spaCy's Matcher and EntityRuler documentation: attribute
// forms, quantifiers and the longest-then-earliest filter.
func TestMatcherSpacyBehaviour(t *testing.T) {
	cases := []struct {
		name, patterns, text string
		opt                  Options
		want                 string
	}{
		{"phrase is case-sensitive ORTH", `{"label":"ORG","pattern":"Apple"}`, "Apple and apple", Options{}, "ORG:Apple"},
		{"phrase on LOWER", `{"label":"ORG","pattern":"Apple"}`, "Apple and apple", Options{PhraseLower: true}, "ORG:Apple ORG:apple"},
		{"ORTH", `{"label":"X","pattern":[{"ORTH":"Li"}]}`, "Li met li", Options{}, "X:Li"},
		{"TEXT is ORTH", `{"label":"X","pattern":[{"TEXT":"Li"}]}`, "Li met li", Options{}, "X:Li"},
		{"LOWER", `{"label":"X","pattern":[{"LOWER":"li"}]}`, "Li met li", Options{}, "X:Li X:li"},
		{"IN", `{"label":"X","pattern":[{"LOWER":{"IN":["a","b"]}}]}`, "a c b", Options{}, "X:a X:b"},
		{"NOT_IN", `{"label":"X","pattern":[{"LOWER":{"NOT_IN":["a","b"]}}]}`, "a c b", Options{}, "X:c"},
		{"REGEX inside an attribute searches", `{"label":"X","pattern":[{"TEXT":{"REGEX":"^[Uu](\\.?|nited)$"}}]}`, "United U Unit", Options{}, "X:United X:U"},
		{"LENGTH equal", `{"label":"X","pattern":[{"LENGTH":3}]}`, "ab abc abcd", Options{}, "X:abc"},
		{"LENGTH >=", `{"label":"X","pattern":[{"LENGTH":{">=":4}}]}`, "ab abc abcd", Options{}, "X:abcd"},
		{"LENGTH < and != together", `{"label":"X","pattern":[{"LENGTH":{"<":4,"!=":2}}]}`, "ab abc abcd", Options{}, "X:abc"},
		{"IS_PUNCT with the danda", `{"label":"P","pattern":[{"IS_PUNCT":true}]}`, "है।चीनी", Options{}, "P:।"},
		{"IS_DIGIT", `{"label":"N","pattern":[{"IS_DIGIT":true}]}`, "70 % and ७० x1", Options{}, "N:70 N:७०"},
		{"IS_TITLE", `{"label":"T","pattern":[{"IS_TITLE":true}]}`, "Li LI li", Options{}, "T:Li"},
		{"? optional", `{"label":"X","pattern":[{"LOWER":"the","OP":"?"},{"LOWER":"bbc"}]}`, "the BBC and BBC", Options{}, "X:the BBC X:BBC"},
		{"+ greedy through the ruler", `{"label":"X","pattern":[{"IS_TITLE":true,"OP":"+"}]}`, "Kori Schulman wrote", Options{}, "X:Kori Schulman"},
		{"* may be empty", `{"label":"X","pattern":[{"LOWER":"very","OP":"*"},{"LOWER":"good"}]}`, "very very good", Options{}, "X:very very good"},
		{"! consumes one other token", `{"label":"X","pattern":[{"LOWER":"a"},{"LOWER":"b","OP":"!"}]}`, "a b a c", Options{}, "X:a c"},
		{"{n} exactly", `{"label":"X","pattern":[{"LOWER":"x","OP":"{2}"}]}`, "x x x", Options{}, "X:x x"},
		{"{n,m}", `{"label":"X","pattern":[{"LOWER":"x","OP":"{1,2}"},{"LOWER":"y"}]}`, "x x x y", Options{}, "X:x x y"},
		{"{n,}", `{"label":"X","pattern":[{"LOWER":"x","OP":"{2,}"}]}`, "x y x x x", Options{}, "X:x x x"},
		{"{,m}", `{"label":"X","pattern":[{"LOWER":"x","OP":"{,1}"},{"LOWER":"y"}]}`, "x x y", Options{}, "X:x y"},
		{"longest match wins across patterns", `{"label":"A","pattern":"New York"}` + "\n" + `{"label":"B","pattern":"New York Times"}`, "the New York Times", Options{}, "B:New York Times"},
		{"then the earlier one", `{"label":"A","pattern":"a b"}` + "\n" + `{"label":"B","pattern":"b c"}`, "a b c", Options{}, "A:a b"},
		{"Devanagari phrase", `{"label":"SOURCE","pattern":"समाचार एजेंसी पीटीआई"}`, "समाचार एजेंसी पीटीआई के अनुसार", Options{}, "SOURCE:समाचार एजेंसी पीटीआई"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(spans(t, c.patterns, c.text, c.opt), " ")
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// The raw matcher returns every length a quantifier can take, as spaCy's
// Matcher does before a ruler filters.
func TestMatcherAllLengths(t *testing.T) {
	ps, _ := ReadPatterns("p", []byte(`{"label":"X","pattern":[{"LOWER":"a","OP":"+"}]}`))
	got := Compile(ps, Options{}).All(NewDoc("a a"))
	if len(got) != 3 {
		t.Fatalf("got %d matches, want (0,1) (0,2) (1,2)", len(got))
	}
}

func TestReadPatternsErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unsupported attribute", `{"label":"X","pattern":[{"POS":"NOUN"}]}`, `p.jsonl:1: token 1: unsupported key "POS"`},
		{"top-level REGEX", `{"label":"X","pattern":[{"REGEX":"a"}]}`, `put it inside an attribute`},
		{"unknown line key", `{"label":"X","pattern":"a","sublabel":"y"}`, `p.jsonl:1: unsupported key "sublabel"`},
		{"bad OP", `{"label":"X","pattern":[{"ORTH":"a","OP":"{3,1}"}]}`, `unknown OP "{3,1}"`},
		{"bad regex", `{"label":"X","pattern":[{"TEXT":{"REGEX":"(?=a)"}}]}`, `REGEX "(?=a)"`},
		{"unknown predicate", `{"label":"X","pattern":[{"LOWER":{"FUZZY":"a"}}]}`, `unsupported LOWER predicate "FUZZY"`},
		{"no label, line 2", "\n" + `{"pattern":"a"}`, `p.jsonl:2: no "label"`},
		{"all optional", `{"label":"X","pattern":[{"ORTH":"a","OP":"*"}]}`, `could match nothing`},
		{"not JSON", `{"label":`, `p.jsonl:1: not a JSON object`},
		{"bad extension key", `{"label":"X","pattern":"a","spanmark":{"speaker":"left"}}`, `"speaker" must be`},
		{"bad only", `{"label":"X","pattern":"a","spanmark":{"only":"CLAIM"}}`, `"only" must be "SOURCE" or "ACTOR"`},
		{"bad cites", `{"label":"X","pattern":"a","spanmark":{"cites":"yes"}}`, `"cites" must be true or false`},
		{"unknown extension key", `{"label":"X","pattern":"a","spanmark":{"listener":"after"}}`, `unsupported key "listener" (known: speaker, claim, told, cites, only)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadPatterns("p.jsonl", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func FuzzReadPatterns(f *testing.F) {
	f.Add(`{"label":"ORG","pattern":"Apple"}`, "Apple and apple")
	f.Add(`{"label":"X","pattern":[{"LOWER":{"IN":["a","b"]},"OP":"+"},{"LENGTH":{">=":2}}]}`, "a b abc")
	f.Add(`{"label":"X","pattern":[{"TEXT":{"REGEX":"^U"}},{"IS_PUNCT":true,"OP":"{1,3}"}]}`, "U.S. ।।")
	f.Add(`{"label":"X","pattern":[{"ORTH":"a","OP":"!"}],"id":7}`, "b")
	f.Add(`{"label":"SOURCE","pattern":[{"LOWER":"shows"}],"spanmark":{"speaker":"before","only":"SOURCE"}}`, "The analysis shows a link, police said on Friday.")
	f.Add(`{"label":"ACTOR","pattern":[{"LOWER":"cited"}],"spanmark":{"cites":true}}`, "Reuters, citing sources, cited \"a source\" that it held.")
	f.Add(`{"label":"ACTOR","pattern":[{"LOWER":"बताया"}],"spanmark":{"speaker":"agent"}}`, "कुछ रिपोर्टों में इसे कृत्य बताया गया है।")
	f.Fuzz(func(t *testing.T, patterns, text string) {
		ps, err := ReadPatterns("f.jsonl", []byte(patterns))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.jsonl") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		n := len([]rune(text))
		for _, s := range NewRules(ps, Options{}).Suggest(NewDoc(text)).Spans {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				t.Fatalf("span %d-%d outside a text of %d characters", s.Start, s.End, n)
			}
		}
	})
}
