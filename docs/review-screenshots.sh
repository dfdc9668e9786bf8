#!/usr/bin/env bash
# Makes docs/review-hindi-{light,dark}.png and docs/review-english-{light,dark}.png:
# review mode on docs/review-sample.jsonl (the Hindi sample and UD English PUD
# news n01030, each marked by asha, meera and ravi), under Xvfb, 1280x800.
# The script accepts what two of three agree on from the command line, then in
# the window rejects the first disagreement with R and moves to the next with N;
# the English shot compares asha and ravi only.
# Needs: xvfb xdotool imagemagick (for `import`). DISPLAY_NUM picks the display.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
n=${DISPLAY_NUM:-77}
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/spanmark" ./cmd/spanmark
export HOME="$work" XDG_CONFIG_HOME="$work/config" LANG=en_US.UTF-8
mkdir -p "$XDG_CONFIG_HOME/spanmark"
echo '{"annotator":"lead"}' > "$XDG_CONFIG_HOME/spanmark/settings.json"
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp & sleep 1
export DISPLAY=":$n"
key() { xdotool key --window "$win" "$@"; sleep 0.5; }
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 0.7; }
for variant in light dark; do
  db="$work/review-$variant.db"
  "$work/spanmark" import --db "$db" docs/review-sample.jsonl
  "$work/spanmark" review --db "$db" --accept-agreed --min 2 --reviewer lead
  FYNE_THEME=$variant "$work/spanmark" --db "$db" & app=$!
  win=$(xdotool search --sync --name Spanmark | head -1)
  sleep 3
  key ctrl+f; key Escape  # the find bar, opened and closed, leaves the keys to the text
  key ctrl+r         # review mode
  key n; key r; key n
  xdotool mousemove --window "$win" 1200 790; sleep 0.5  # off the text and the boxes
  import -window root "docs/review-hindi-$variant.png"
  key ctrl+Return    # the next document with something undecided: the English one
  click 125 88       # stop comparing meera
  key ctrl+f; key Escape
  key n; key r; key n
  xdotool mousemove --window "$win" 1200 790; sleep 0.5
  import -window root "docs/review-english-$variant.png"
  kill $app; wait $app 2>/dev/null || true
done
