package annot_test

import (
	"errors"
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

func TestReviewOp_Check(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   annot.ReviewOp
		want string // "" for no error
	}{
		{"OK", annot.ReviewOp{Kind: annot.ReviewAccept, DocID: "d", Reviewer: "Asha"}, ""},
		{"AcceptAgreedEverywhere", annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Reviewer: "Asha"}, ""},
		{"NoReviewer", annot.ReviewOp{Kind: annot.ReviewAccept, DocID: "d"}, "no reviewer name"},
		{"NoDocument", annot.ReviewOp{Kind: annot.ReviewReject, Reviewer: "Asha"}, "a " + string(annot.ReviewReject) + " needs a document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.op.Check()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			var ae *annot.Error
			if !errors.As(err, &ae) || ae.Kind != annot.Invalid || err.Error() != tc.want {
				t.Fatalf("Check() = %v, want Invalid %q", err, tc.want)
			}
		})
	}
}
