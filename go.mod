module spanmark

go 1.26.0

require (
	github.com/google/uuid v1.6.0
	github.com/rivo/uniseg v0.4.7
)

require (
	github.com/apparentlymart/go-textseg/v17 v17.0.1 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	golang.org/x/net v0.62.0 // indirect
)
