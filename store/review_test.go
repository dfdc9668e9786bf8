package store_test

import (
	"testing"

	"app.spanmark.org/spanmark/internal/annot"
)

// BenchmarkReviewAcceptAgreed times `spanmark review --accept-agreed`
// over benchDocs documents (two annotators on a third of them), in one
// transaction, with an undo step per document that changes.
func BenchmarkReviewAcceptAgreed(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openLarge(b)
		b.StartTimer()
		c, err := db.Review(ctx, annot.ReviewOp{Kind: annot.ReviewAcceptAgreed, Reviewer: "boss"})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(c.Verdicts); n != 2*((benchDocs+2)/3) {
			b.Fatalf("accepted %d spans", n)
		}
	}
}
