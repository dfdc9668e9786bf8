// Package storetest is the contract every Spanmark project store keeps,
// written once as tests and run against each store: SQLite (store) and
// PostgreSQL (store/postgres) call Run from their own tests with a
// function that opens a new, empty project. A behaviour added to one
// store is added here, so that the other is held to it too.
//
// The tests speak to the project only through annot.Project, plus a
// clock the test can set (Clock), as the window and the commands do.
package storetest

import (
	"context"
	"testing"
	"time"

	"app.spanmark.org/spanmark/internal/annot"
)

// Opener makes a new, empty project (default labels, no documents) for
// one test and arranges for it to be closed when the test ends.
type Opener func(tb testing.TB) annot.Project

// Clock is what a store under test offers so that tests can fix time:
// rows stamped a second apart order the way the test made them.
type Clock interface {
	SetClock(now func() time.Time)
}

var ctx = context.Background()

// Run runs the whole contract against the projects that open makes.
func Run(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, Opener)
	}{
		{"Open_NewProject", testOpen_NewProject},
		{"DB_AnnotatorNames", testDB_AnnotatorNames},
		{"Change_ApplyIsReload", testChange_ApplyIsReload},
		{"Change_Empty", testChange_Empty},
		{"DocService_Documents", testDocService_Documents},
		{"DocService_Bundle", testDocService_Bundle},
		{"DocService_SetState", testDocService_SetState},
		{"History_Undo", testHistory_Undo},
		{"Import_AnswersAndJoinedMeta", testImport_AnswersAndJoinedMeta},
		{"Import", testImport},
		{"Export_GoldFoldsDuplicates", testExport_GoldFoldsDuplicates},
		{"Export_StableOrder", testExport_StableOrder},
		{"Export_UnknownAnnotator", testExport_UnknownAnnotator},
		{"Import_StatesNeverGoBack", testImport_StatesNeverGoBack},
		{"Export_NotesAndSeparators", testExport_NotesAndSeparators},
		{"LabelService_CreateLabel", testLabelService_CreateLabel},
		{"LabelService_UpdateLabel", testLabelService_UpdateLabel},
		{"LabelService_LabelUse", testLabelService_LabelUse},
		{"LabelService_DeleteLabel", testLabelService_DeleteLabel},
		{"RelationService_CreateRelation", testRelationService_CreateRelation},
		{"RelationService_DeleteRelation", testRelationService_DeleteRelation},
		{"VerdictService_SetVerdict", testVerdictService_SetVerdict},
		{"SpanService_CreateSpan", testSpanService_CreateSpan},
		{"SpanService_UpdateSpan", testSpanService_UpdateSpan},
		{"SpanService_DeleteSpan", testSpanService_DeleteSpan},
		{"Stats_States", testStats_States},
		{"Suggestions_Add", testSuggestions_Add},
		{"Suggestions_AcceptReject", testSuggestions_AcceptReject},
		{"Suggestions_Links", testSuggestions_Links},
		{"Suggestions_ImportExport", testSuggestions_ImportExport},
		{"Merge_BothWaysAgree", testMerge_BothWaysAgree},
		{"Merge_AnswerAtOneInstant", testMerge_AnswerAtOneInstant},
		{"Review_AcceptRejectCorrectUndo", testReview_AcceptRejectCorrectUndo},
		{"Review_AcceptClaimTakesItsLinks", testReview_AcceptClaimTakesItsLinks},
		{"Review_AcceptAgreedEveryDocument", testReview_AcceptAgreedEveryDocument},
		{"Review_UndoWithdrawsVerdicts", testReview_UndoWithdrawsVerdicts},
		{"Merge_CarriesReviewAndSuggestions", testMerge_CarriesReviewAndSuggestions},
		{"Merge_ReviewedWhenTheUnionIsDecided", testMerge_ReviewedWhenTheUnionIsDecided},
		{"Merge_DecisionFollowsTheFoldedTwin", testMerge_DecisionFollowsTheFoldedTwin},
		{"Merge_SuggestionsOfARenamedLabel", testMerge_SuggestionsOfARenamedLabel},
		{"Guidelines", testGuidelines},
		{"LabelMerger_MergeLabel", testLabelMerger_MergeLabel},
		{"DocService_NoCountsAndIDs", testDocuments_NoCountsAndIDs},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}
