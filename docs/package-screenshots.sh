#!/usr/bin/env bash
# Makes docs/installed-linux.png and docs/wine-windows.png: the installed
# .deb's window, started by its menu entry's Exec line, and spanmark.exe's
# window under Wine, each on the Hindi sample with spans, under Xvfb.
# Needs: the .deb installed, the packages in $DIST (go run ./cmd/spanmark-package),
# a Wine prefix made by `go run ./cmd/spanmark-package wineprep`,
# xvfb xdotool imagemagick.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${DIST:-/tmp/spanmark-dist}
DISPLAY_NUM=${DISPLAY_NUM:-:16}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb "$DISPLAY_NUM" -screen 0 1366x900x24 -nolisten tcp & sleep 1
export DISPLAY=$DISPLAY_NUM LANG=en_US.UTF-8

shoot() { # name, then the command that opens the window
  local name=$1; shift
  "$@" & local app=$!
  local win
  win=$(timeout 120 xdotool search --sync --name Spanmark | head -1)
  sleep "${SETTLE:-4}"
  xdotool windowactivate "$win" 2>/dev/null || true
  sleep 1
  import -window root "docs/$name.png"
  kill $app 2>/dev/null; wait $app 2>/dev/null || true
}

# Linux: a fresh user whose default database starts with the sample.
export HOME="$work/linux" XDG_CONFIG_HOME="$work/linux/config" XDG_DATA_HOME="$work/linux/data"
mkdir -p "$XDG_CONFIG_HOME/spanmark"
echo '{"annotator":"asha"}' > "$XDG_CONFIG_HOME/spanmark/settings.json"
spanmark import docs/sample-annotated.jsonl
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/org.spanmark.app.desktop)
shoot installed-linux sh -c "exec $exec_line"

# Windows, under Wine: the same, with the annotator remembered in the
# Wine user's %AppData%.
export HOME=/root XDG_CONFIG_HOME= XDG_DATA_HOME= WINEDEBUG=-all
appdata="${WINEPREFIX:-$HOME/.wine}/drive_c/users/$(id -un)/AppData/Roaming/spanmark"
mkdir -p "$appdata"
echo '{"annotator":"asha"}' > "$appdata/settings.json"
db="$work/wine.db"
wine "$DIST/spanmark.exe" import --db "$db" --annotator asha docs/sample-annotated.jsonl
SETTLE=${WINE_SETTLE:-10} shoot wine-windows wine "$DIST/spanmark.exe" --db "$db"
