package annot

// RemoteChange is what a project reports when someone else writes to it:
// a colleague on the same team server, or another program on the same
// SQLite file. A window applies it the way it applies its own changes,
// so that others' tags, links, verdicts and documents appear where it
// shows them.
//
// Applying one twice, or applying one that a window has seen already
// through its own write, changes nothing: it carries rows as they are
// now, never deltas.
type RemoteChange struct {
	// Change holds the rows others wrote, as they are now, for
	// Bundle.Apply: live spans in SpansUpdated, tombstoned ones in
	// SpansRemoved, and so on. Labels lists labels added or changed.
	Change
	// Docs lists documents that were added, or changed in more rows than
	// the change lists: the document list is read again, and an open one
	// among them is re-read.
	Docs []string
	// Guidelines means the project's guidelines were saved anew.
	Guidelines bool
	// Reload means the project cannot say what changed (SQLite tells only
	// that another program wrote; a server connection was lost for a
	// while): whatever is shown is read again, the guidelines included.
	Reload bool
}
