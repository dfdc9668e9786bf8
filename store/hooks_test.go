package store

// SetWholeExport sets how many spans a project may have and still be
// exported in one go, and returns a function that puts it back.
func SetWholeExport(n int64) (restore func()) {
	old := wholeExport
	wholeExport = n
	return func() { wholeExport = old }
}
