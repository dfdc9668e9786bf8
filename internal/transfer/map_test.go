package transfer_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/formats"
	"app.spanmark.org/spanmark/internal/transfer"
)

var mapCases = []struct {
	name  string
	pairs []string
	want  map[string]string
	err   string
}{
	{"None", nil, nil, ""},
	{"Two", []string{"ORG=ACTOR", " NEWS = SOURCE "}, map[string]string{"ORG": "ACTOR", "NEWS": "SOURCE"}, ""},
	{"SameTwice", []string{"ORG=ACTOR", "ORG=ACTOR"}, map[string]string{"ORG": "ACTOR"}, ""},
	{"Chain", []string{"ORG=PERSON", "PERSON=ACTOR"}, map[string]string{"ORG": "PERSON", "PERSON": "ACTOR"}, ""},
	{"ToWithEquals", []string{"A=B=C"}, map[string]string{"A": "B=C"}, ""},
	{"NoEquals", []string{"ORG"}, nil, "FROM=TO"},
	{"EmptyFrom", []string{"=ACTOR"}, nil, "FROM=TO"},
	{"EmptyTo", []string{"ORG="}, nil, "FROM=TO"},
	{"Twice", []string{"ORG=ACTOR", "ORG=SOURCE"}, nil, "maps ORG twice"},
}

func TestParseMap(t *testing.T) {
	for _, tc := range mapCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := transfer.ParseMap(tc.pairs)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || annot.ErrorKind(err) != annot.Invalid {
					t.Fatalf("ParseMap(%q) = %v, %v; want an error saying %q", tc.pairs, got, err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ParseMap(%q) = %v, %v; want %v", tc.pairs, got, err, tc.want)
			}
		})
	}
}

// FuzzParseMap: any value either parses into a map whose every entry has
// two non-empty sides, or is refused with an invalid-input error.
func FuzzParseMap(f *testing.F) {
	for _, tc := range mapCases {
		f.Add(strings.Join(tc.pairs, "\n"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := transfer.ParseMap(strings.Split(s, "\n"))
		if err != nil {
			if annot.ErrorKind(err) != annot.Invalid {
				t.Fatalf("error of kind %v: %v", annot.ErrorKind(err), err)
			}
			return
		}
		for k, v := range m {
			if strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
				t.Fatalf("%q maps %q to %q", s, k, v)
			}
		}
	})
}

// Two labels mapped onto one at the same offsets make one span, not an
// error, and LabelsIn counts the labels as mapped.
func TestImport_MapFolds(t *testing.T) {
	db := openStore(t)
	path := filepath.Join(t.TempDir(), "ner.jsonl")
	data := `{"text":"Reuters said Acme grew.","label":[[0,7,"ORG"],[0,7,"NEWS"],[13,17,"ORG"]]}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	jobs, _, err := transfer.Plan([]string{path}, "")
	if err != nil {
		t.Fatal(err)
	}
	job := jobs[0]
	opt := formats.Options{Annotator: "asha"}
	counts, err := transfer.LabelsIn(context.Background(), job, opt)
	if err != nil || !reflect.DeepEqual(counts, map[string]int{"ORG": 2, "NEWS": 1}) {
		t.Fatalf("LabelsIn = %v, %v", counts, err)
	}
	job.Labels = map[string]string{"ORG": annot.Actor, "NEWS": annot.Actor}
	counts, _ = transfer.LabelsIn(context.Background(), job, opt)
	if !reflect.DeepEqual(counts, map[string]int{annot.Actor: 3}) {
		t.Fatalf("LabelsIn with the map = %v", counts)
	}
	if docs, _ := db.Documents(context.Background(), annot.DocFilter{}); len(docs) != 0 {
		t.Fatal("LabelsIn stored something")
	}
	if _, err := transfer.Import(context.Background(), db, job, opt, nil); err != nil {
		t.Fatal(err)
	}
	docs, _ := db.Documents(context.Background(), annot.DocFilter{})
	b, err := db.Bundle(context.Background(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Spans) != 2 || b.Spans[0].Label != annot.Actor || b.Spans[1].Label != annot.Actor {
		t.Fatalf("stored %+v, want two ACTORs (the two at 0-7 fold into one)", b.Spans)
	}
}
