package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"app.spanmark.org/spanmark/internal/suggest"
	"app.spanmark.org/spanmark/internal/transfer"
	"app.spanmark.org/spanmark/store"
)

func main() {
	db, err := store.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	f, _ := os.Create(os.Args[2])
	pprof.StartCPUProfile(f)
	t := time.Now()
	r := suggest.Builtin()
	n := 0
	if len(os.Args) > 3 {
		db.Texts(context.Background(), nil, func(id, text string) error { n += len(r.Suggest(suggest.NewDoc(text)).Spans); return nil })
		fmt.Println("compute only", n, time.Since(t))
	} else {
		res, _, err := transfer.Suggest(context.Background(), db, nil, func(text string) suggest.Suggestions { return r.Suggest(suggest.NewDoc(text)) }, nil)
		fmt.Println(res, err, time.Since(t))
	}
	pprof.StopCPUProfile()
}
