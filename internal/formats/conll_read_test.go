package formats

import (
	"os"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/text"
)

type conllCase struct {
	name    string
	in      string
	docs    []string // each document: its text, then its spans as "LABEL:covered text"
	wantErr string
}

func conllCases() []conllCase {
	return []conllCase{
		{name: "BIO tab", in: "EU\tB-ORG\nrejects\tO\nGerman\tB-MISC\ncall\tO\n",
			docs: []string{"EU rejects German call|ORG:EU|MISC:German"}},
		{name: "CoNLL-2003 columns and DOCSTART", in: "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n",
			docs: []string{"EU rejects\nPeter Blackburn|ORG:EU|PER:Peter Blackburn", "BRUSSELS|LOC:BRUSSELS"}},
		{name: "IOB1", in: "Peter I-PER\nBlackburn I-PER\nand O\nJohn I-PER\nMary B-PER\n",
			docs: []string{"Peter Blackburn and John Mary|PER:Peter Blackburn|PER:John|PER:Mary"}},
		{name: "IOBES", in: "New\tB-LOC\nYork\tE-LOC\nis\tO\nbig\tS-ADJ\n",
			docs: []string{"New York is big|LOC:New York|ADJ:big"}},
		{name: "BILOU", in: "New\tB-LOC\nYork\tI-LOC\nCity\tL-LOC\nUN\tU-ORG\n",
			docs: []string{"New York City UN|LOC:New York City|ORG:UN"}},
		{name: "type change ends a span", in: "a\tB-X\nb\tI-Y\n", docs: []string{"a b|X:a|Y:b"}},
		{name: "span ends at a sentence", in: "a\tB-X\n\nb\tI-X\n", docs: []string{"a|X:a", "b|X:b"}},
		{name: "hindi", in: "राज्य\tB-ORG\nसरकार\tI-ORG\nने\tO\n।\tO\n", docs: []string{"राज्य सरकार ने ।|ORG:राज्य सरकार"}},
		{name: "CRLF and BOM", in: "\ufeffa\tB-X\r\nb\tO\r\n", docs: []string{"a b|X:a"}},
		{name: "bad: one column", in: "a\tO\nbroken\n", wantErr: `in.conll:2: expected a token and its tag, found "broken"`},
		{name: "bad: tag", in: "a\tO\nb\tPER\n", wantErr: `in.conll:2: tag "PER" is not O or B-, I-, E-, S-, L- or U- and a type`},
		{name: "bad: empty", in: "\n\n", wantErr: "in.conll: no tokens"},
		{name: "bad: utf-8", in: "a\tO\n\xff\tO\n", wantErr: "in.conll:2: "},
	}
}

func conllDescribe(rec *annot.Record) string {
	idx := text.NewIndex(rec.Doc.Text)
	parts := []string{rec.Doc.Text}
	for _, s := range rec.Spans {
		parts = append(parts, s.Label+":"+idx.Slice(s.Start, s.End))
	}
	return strings.Join(parts, "|")
}

func TestReadCoNLL(t *testing.T) {
	for _, tc := range conllCases() {
		t.Run(tc.name, func(t *testing.T) {
			recs, warns, err := roundRead(ReadCoNLL, "in.conll", []byte(tc.in), "asha")
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one starting %q", err, tc.wantErr)
				}
				checkNoInternalNames(t, err.Error())
				return
			}
			if err != nil || len(warns) > 0 {
				t.Fatal(err, warns)
			}
			var got []string
			for _, r := range recs {
				got = append(got, conllDescribe(r))
				if r.Spans != nil && r.Spans[0].Annotator != "asha" {
					t.Errorf("annotator %q", r.Spans[0].Annotator)
				}
			}
			if !roundEqual(got, tc.docs) {
				t.Errorf("documents\n got %q\nwant %q", got, tc.docs)
			}
		})
	}
}

// doccano's own CoNLL fixtures read as doccano reads them: one document
// per sentence; the invalid one is refused at its bad line.
func TestReadCoNLL_DoccanoFixtures(t *testing.T) {
	cases := []struct {
		file string
		docs []string
		err  string
	}{
		{"doccano-conll-example.conll", []string{"JAPAN GET|LOC:JAPAN", "Nadim Ladki|PER:Nadim Ladki"}, ""},
		{"doccano-conll-labeling.conll", []string{
			"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .|LOC:JAPAN|PER:CHINA",
			"Nadim Ladki|PER:Nadim Ladki",
			"AL-AIN , United Arab Emirates 1996-12-06|LOC:AL-AIN|LOC:United Arab Emirates"}, ""},
		{"doccano-conll-labeling.trailing.conll", []string{"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .|LOC:JAPAN|PER:CHINA"}, ""},
		{"doccano-conll-labeling.invalid.conll", nil, `labeling.invalid.conll:1: tag "SOCCERO" is not O`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			recs, _, err := roundRead(ReadCoNLL, strings.TrimPrefix(tc.file, "doccano-conll-"), data, "asha")
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, conllDescribe(r))
			}
			if !roundEqual(got, tc.docs) {
				t.Errorf("documents\n got %q\nwant %q", got, tc.docs)
			}
			// Through Spanmark's CoNLL export and back: the same texts and
			// spans, but for the export's own tokens (UAX #29 words, so
			// "AL-AIN" is written as three tokens).
			back, _, err := roundRead(ReadCoNLL, "export.conll", roundWrite(t, CoNLL, roundDocs(recs)), "asha")
			if err != nil {
				t.Fatal(err)
			}
			var again []string
			for _, r := range back {
				again = append(again, strings.ReplaceAll(conllDescribe(r), " ", ""))
			}
			for i := range got {
				got[i] = strings.ReplaceAll(got[i], " ", "")
			}
			if !roundEqual(again, got) {
				t.Errorf("round trip\n got %q\nwant %q", again, got)
			}
		})
	}
}

func FuzzReadCoNLL(f *testing.F) {
	for _, tc := range conllCases() {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, _, err := roundRead(ReadCoNLL, "fuzz.conll", data, "fuzz")
		if err != nil {
			return
		}
		roundCheckInside(t, recs)
		out := roundWrite(t, CoNLL, roundDocs(recs))
		back, _, err := roundRead(ReadCoNLL, "export.conll", out, "fuzz")
		if err != nil {
			t.Fatalf("our export does not read back: %v\n%s", err, out)
		}
		var want, got []string
		for _, r := range recs {
			for _, s := range r.Spans {
				want = append(want, s.Label)
			}
		}
		for _, r := range back {
			for _, s := range r.Spans {
				got = append(got, s.Label)
			}
		}
		if len(got) > len(want) {
			t.Fatalf("labels %v came back as %v", want, got)
		}
	})
}
