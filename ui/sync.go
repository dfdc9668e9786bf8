package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"app.spanmark.org/spanmark/internal/annot"
	"app.spanmark.org/spanmark/internal/transfer"
)

// ServerOpener connects to a team server by its postgres:// URL. main
// hands one in, so that the window syncs without knowing any store.
type ServerOpener func(url string) (annot.Project, error)

// SetServerOpener enables File ▸ Sync.
func (a *App) SetServerOpener(open ServerOpener) { a.openServer = open }

// serverPref keys the server the analyst synced with last.
const serverPref = "sync.server"

// syncDialog asks for the team server (the last one filled in) and syncs
// the open project with it, as `spanmark sync` does.
func (a *App) syncDialog() {
	if a.openServer == nil {
		a.fail("sync", annot.Errorf(annot.Invalid, "syncing is not available here"))
		return
	}
	if strings.HasPrefix(a.proj.Path(), "postgres") {
		a.fail("sync", annot.Errorf(annot.Invalid, "this window is on the team server already; sync a laptop's database with it"))
		return
	}
	entry := widget.NewEntry()
	entry.SetPlaceHolder("postgres://you@server/project")
	entry.SetText(a.fy.Preferences().String(serverPref))
	form := dialog.NewForm("Sync with the team server", "Sync", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Server", entry)}, func(ok bool) {
			if !ok || strings.TrimSpace(entry.Text) == "" {
				return
			}
			url := strings.TrimSpace(entry.Text)
			a.fy.Preferences().SetString(serverPref, url)
			a.runSync(url)
		}, a.win)
	form.Resize(fyne.NewSize(560, 160))
	form.Show()
}

// runSync syncs on a goroutine behind a progress dialog whose Cancel
// stops it (what has not moved stays as it was), then says what moved
// each way. The channel it returns is closed once that is shown.
func (a *App) runSync(url string) <-chan struct{} {
	done := make(chan struct{})
	p := a.newProgress("Syncing", "Connecting…", 1)
	go func() {
		var res transfer.SyncResult
		server, err := a.openServer(url)
		if err == nil {
			res, err = transfer.Sync(p.ctx, a.proj, server, p.steps(func(step string) string { return step + "…" }))
			server.Close()
		}
		p.cancel()
		fyne.Do(func() {
			p.d.Hide()
			a.syncDone(url, res, err)
			close(done)
		})
	}()
	return done
}

func (a *App) syncDone(url string, res transfer.SyncResult, err error) {
	if err != nil {
		a.fail("sync", err)
		return
	}
	a.reloadLabels()
	a.reloadDocs()
	a.reopen()
	a.status.set("Synced: " + transfer.DescribeMerge(res.Pulled))
	a.showReport("Sync", fmt.Sprintf("Pushed to %s:\n%s\n\nPulled into %s:\n%s",
		url, res.Pushed.Summary(), a.proj.Path(), res.Pulled.Summary()), fyne.NewSize(720, 480))
}
