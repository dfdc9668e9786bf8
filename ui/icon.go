package ui

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app's icon, the one FyneApp.toml names: the window, the
// task bar and the packages (cmd/spanmark-package) all use it.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
