#!/usr/bin/env bash
# Makes docs/suggestions-light.png: the window on the Hindi sample with the
# built-in rules' suggestions, one accepted and one selected (its tick and
# cross showing), under Xvfb. SCREENSHOT_DISPLAY names a running X server
# to use instead of starting Xvfb on :79.
# Needs: xvfb xdotool imagemagick (for `import`).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/spanmark" ./cmd/spanmark
export HOME="$work" XDG_CONFIG_HOME="$work/config" LANG=en_US.UTF-8
mkdir -p "$XDG_CONFIG_HOME/spanmark"
echo '{"annotator":"asha"}' > "$XDG_CONFIG_HOME/spanmark/settings.json"
db="$work/project.db"
"$work/spanmark" import --db "$db" --annotator asha ../shared/corpora/seed/rare-earths-hi.txt
"$work/spanmark" suggest --db "$db" --builtin
if [ -z "${SCREENSHOT_DISPLAY:-}" ]; then
  Xvfb :79 -screen 0 1280x800x24 -nolisten tcp & sleep 1
  export DISPLAY=:79
else
  export DISPLAY=$SCREENSHOT_DISPLAY
fi
FYNE_THEME=light "$work/spanmark" --db "$db" & app=$!
win=$(xdotool search --sync --name Spanmark | head -1)
sleep 3
xdotool key --window "$win" ctrl+f Escape          # the find bar, opened and closed, leaves the keys to the text
sleep 0.5
xdotool key bracketright Return                    # select the first suggestion, accept it
sleep 0.5
xdotool key bracketright                           # and select the one after
sleep 0.5
xdotool mousemove 1150 600
sleep 1
import -window root docs/suggestions-light.png
kill $app; wait $app 2>/dev/null || true
