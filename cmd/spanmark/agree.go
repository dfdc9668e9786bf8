package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"app.spanmark.org/spanmark/internal/agree"
	"app.spanmark.org/spanmark/internal/annot"
)

// names is a flag that may be given more than once.
type names []string

func (n *names) String() string { return strings.Join(*n, ",") }

func (n *names) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return fmt.Errorf("empty name")
	}
	*n = append(*n, s)
	return nil
}

func init() {
	register(&command{
		name:    "agree",
		summary: "measure how far annotators agree, pair by pair",
		usage:   "agree [--db PATH] [--json] [--label L]... [--annotator NAME]...",
		about: `For every pair of annotators, over the documents both annotated: exact and
overlap span F1, Cohen's kappa over word tokens, Krippendorff's unitizing alpha
on the character continuum, and the F1 of the links of claims both marked
identically; Fleiss' kappa when three or more annotators share documents.
Project figures are given pooled over all tokens and as the mean of the
documents' figures. A figure that cannot be computed is shown with its reason.`,
		examples: []example{
			{"spanmark agree", "a table of every pair of annotators, overall and per label"},
			{"spanmark agree --json --label CLAIM", "claims only, as JSON for a script"},
			{"spanmark agree --annotator asha --annotator ravi", "only asha against ravi"},
		},
		run: func(args []string, stdout, _ io.Writer) error { return runAgree(args, stdout) },
	})
}

func runAgree(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("agree", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	asJSON := fs.Bool("json", false, "print every figure as JSON")
	var labels, who names
	fs.Var(&labels, "label", "only this label (repeat for more)")
	fs.Var(&who, "annotator", "only this annotator (repeat for more)")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("agree takes no paths (got %q)", rest[0])}
	}
	if len(who) == 1 {
		return errUsage{"agree compares annotators: give --annotator at least twice, or not at all"}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := interruptible()
	defer stop()
	known, err := db.AnnotatorNames(ctx)
	if err != nil {
		return err
	}
	for _, n := range who {
		if !contains(known, n) {
			return annot.Errorf(annot.NotFound, "%s: no annotator called %q (known: %s)", db.Path(), n, strings.Join(known, ", "))
		}
	}
	ls, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	var labelNames []string
	for _, l := range ls {
		labelNames = append(labelNames, l.Name)
	}
	for _, l := range labels {
		if !contains(labelNames, l) {
			return annot.Errorf(annot.NotFound, "%s: no label called %q (labels: %s)", db.Path(), l, strings.Join(labelNames, ", "))
		}
	}
	r := agree.NewReporter(agree.Options{Labels: labels, Annotators: who})
	if err := db.Export(ctx, annot.ExportFilter{}, func(b *annot.Bundle) error {
		r.Add(b)
		return ctx.Err()
	}); err != nil {
		return err
	}
	rep := r.Report()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(toJSON(rep))
	}
	printAgreement(stdout, rep)
	return nil
}

// The JSON form: every figure is a number, or null with a "_reason"
// member beside it that says why it cannot be computed.

type jsonReport struct {
	Documents     int        `json:"documents"`
	Labels        []string   `json:"labels"`
	Pairs         []jsonPair `json:"pairs"`
	Fleiss        *float64   `json:"fleiss_kappa"`
	FleissReason  string     `json:"fleiss_kappa_reason,omitempty"`
	FleissMean    *float64   `json:"fleiss_kappa_mean_of_documents"`
	FleissMeanWhy string     `json:"fleiss_kappa_mean_of_documents_reason,omitempty"`
	FleissWho     []string   `json:"fleiss_annotators"`
	FleissDocs    int        `json:"fleiss_documents"`
}

type jsonPair struct {
	A         string `json:"a"`
	B         string `json:"b"`
	Documents int    `json:"documents"`
	jsonFigures
	Labels          map[string]jsonLabel `json:"labels"`
	MeanOfDocuments jsonFigures          `json:"mean_of_documents"`
	ByDocument      []jsonDocument       `json:"by_document"`
}

type jsonFigures struct {
	ExactF1          *float64 `json:"exact_f1"`
	ExactF1Reason    string   `json:"exact_f1_reason,omitempty"`
	OverlapF1        *float64 `json:"overlap_f1"`
	OverlapF1Reason  string   `json:"overlap_f1_reason,omitempty"`
	TokenKappa       *float64 `json:"token_kappa"`
	TokenKappaReason string   `json:"token_kappa_reason,omitempty"`
	AlphaU           *float64 `json:"alpha_u"`
	AlphaUReason     string   `json:"alpha_u_reason,omitempty"`
	LinksF1          *float64 `json:"links_f1"`
	LinksF1Reason    string   `json:"links_f1_reason,omitempty"`
}

type jsonLabel struct {
	ExactF1          *float64 `json:"exact_f1"`
	ExactF1Reason    string   `json:"exact_f1_reason,omitempty"`
	OverlapF1        *float64 `json:"overlap_f1"`
	OverlapF1Reason  string   `json:"overlap_f1_reason,omitempty"`
	TokenKappa       *float64 `json:"token_kappa"`
	TokenKappaReason string   `json:"token_kappa_reason,omitempty"`
	AlphaU           *float64 `json:"alpha_u"`
	AlphaUReason     string   `json:"alpha_u_reason,omitempty"`
}

type jsonDocument struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	jsonFigures
}

func fig(f agree.Figure) (*float64, string) {
	if !f.OK {
		return nil, f.Reason
	}
	v := f.Value
	return &v, ""
}

func figuresJSON(p agree.PairFigures) jsonFigures {
	var j jsonFigures
	j.ExactF1, j.ExactF1Reason = fig(p.ExactF1)
	j.OverlapF1, j.OverlapF1Reason = fig(p.OverlapF1)
	j.TokenKappa, j.TokenKappaReason = fig(p.TokenKappa)
	j.AlphaU, j.AlphaUReason = fig(p.AlphaU)
	j.LinksF1, j.LinksF1Reason = fig(p.LinksF1)
	return j
}

func toJSON(rep *agree.Report) jsonReport {
	out := jsonReport{Documents: rep.Documents, Labels: rep.Labels, Pairs: []jsonPair{},
		FleissWho: rep.Fleiss.Annotators, FleissDocs: rep.Fleiss.Documents}
	if out.Labels == nil {
		out.Labels = []string{}
	}
	if out.FleissWho == nil {
		out.FleissWho = []string{}
	}
	out.Fleiss, out.FleissReason = fig(rep.Fleiss.Pooled)
	out.FleissMean, out.FleissMeanWhy = fig(rep.Fleiss.MeanOfDocuments)
	for _, p := range rep.Pairs {
		jp := jsonPair{A: p.A, B: p.B, Documents: p.Documents, jsonFigures: figuresJSON(p.Pooled),
			Labels: map[string]jsonLabel{}, MeanOfDocuments: figuresJSON(p.MeanOfDocuments), ByDocument: []jsonDocument{}}
		for name, l := range p.Labels {
			var jl jsonLabel
			jl.ExactF1, jl.ExactF1Reason = fig(l.ExactF1)
			jl.OverlapF1, jl.OverlapF1Reason = fig(l.OverlapF1)
			jl.TokenKappa, jl.TokenKappaReason = fig(l.TokenKappa)
			jl.AlphaU, jl.AlphaUReason = fig(l.AlphaU)
			jp.Labels[name] = jl
		}
		for _, d := range p.ByDocument {
			jp.ByDocument = append(jp.ByDocument, jsonDocument{ID: d.DocID, Title: d.Title, jsonFigures: figuresJSON(d.PairFigures)})
		}
		out.Pairs = append(out.Pairs, jp)
	}
	return out
}

// printAgreement writes the report as tables a person reads.
func printAgreement(w io.Writer, rep *agree.Report) {
	if len(rep.Pairs) == 0 {
		fmt.Fprintf(w, "No two annotators share a document (of %d), so there is no agreement to measure.\n", rep.Documents)
		fmt.Fprintln(w, "A document counts for an annotator who has a span in it or marked it done.")
		return
	}
	var notes []string
	cell := func(where, what string, f agree.Figure) string {
		if f.OK {
			return fmt.Sprintf("%.3f", f.Value)
		}
		note := fmt.Sprintf("%s, %s: %s", where, what, f.Reason)
		if !contains(notes, note) {
			notes = append(notes, note)
		}
		return "n/a"
	}
	// Every row ends its alpha U cell with a tab, the label rows too (their
	// links F1 is empty): tabwriter lines up only cells that a tab ends, so
	// a label row ending at alpha U would start a new block of that column
	// and shift the next pair's rows. The padding this leaves at the end of
	// a label row is trimmed.
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "pair\tdocuments\t\texact F1\toverlap F1\ttoken kappa\talpha U\tlinks F1")
	for _, p := range rep.Pairs {
		pair := p.A + " / " + p.B
		row := func(what string, f agree.PairFigures, docs string) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pair, docs, what,
				cell(pair+" "+what, "exact F1", f.ExactF1), cell(pair+" "+what, "overlap F1", f.OverlapF1),
				cell(pair+" "+what, "token kappa", f.TokenKappa), cell(pair+" "+what, "alpha U", f.AlphaU),
				cell(pair+" "+what, "links F1", f.LinksF1))
		}
		row("pooled", p.Pooled, fmt.Sprint(p.Documents))
		row("mean of documents", p.MeanOfDocuments, "")
		for _, l := range rep.Labels {
			lf, ok := p.Labels[l]
			if !ok {
				continue
			}
			where := pair + " " + l
			fmt.Fprintf(tw, "%s\t\t%s\t%s\t%s\t%s\t%s\t\n", pair, l,
				cell(where, "exact F1", lf.ExactF1), cell(where, "overlap F1", lf.OverlapF1),
				cell(where, "token kappa (in/out)", lf.TokenKappa), cell(where, "alpha U", lf.AlphaU))
		}
	}
	tw.Flush()
	for line := range strings.Lines(table.String()) {
		fmt.Fprintln(w, strings.TrimRight(line, " \n"))
	}
	fmt.Fprintln(w)
	fl := rep.Fleiss
	if fl.Pooled.OK {
		fmt.Fprintf(w, "Fleiss' kappa over tokens, %s (%d documents all of them annotated): %.3f pooled, %s mean of documents\n",
			strings.Join(fl.Annotators, ", "), fl.Documents, fl.Pooled.Value, cell("Fleiss' kappa", "mean of documents", fl.MeanOfDocuments))
	} else {
		fmt.Fprintf(w, "Fleiss' kappa: n/a (%s)\n", fl.Pooled.Reason)
	}
	scores := append([]agree.DocScore(nil), rep.Scores...)
	agree.SortWorstFirst(scores)
	var worst []agree.DocScore
	for _, s := range scores {
		if s.Kappa.OK && len(worst) < 5 {
			worst = append(worst, s)
		}
	}
	if len(worst) > 0 {
		fmt.Fprintln(w, "\nLowest agreement (mean token kappa of the document's pairs):")
		tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, s := range worst {
			title := s.Title
			if title == "" {
				title = s.DocID
			}
			fmt.Fprintf(tw, "  %.3f\t%s\t%s\n", s.Kappa.Value, title, strings.Join(s.Annotators, ", "))
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\npooled: every shared document's tokens, spans and links counted together;")
	fmt.Fprintln(w, "mean of documents: the per-document figures averaged, leaving out those that cannot be computed.")
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nn/a (cannot be computed):")
		for _, n := range notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
}
