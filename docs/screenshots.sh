#!/usr/bin/env bash
# Makes docs/window-light.png and docs/window-dark.png: the window on the
# Hindi sample with spans, links and a review, under Xvfb.
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
"$work/spanmark" import --db "$db" docs/sample-annotated.jsonl
"$work/spanmark" import --db "$db" --annotator ravi ../shared/corpora/prodigy/news_headlines-ner.jsonl
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp & sleep 1
export DISPLAY=:77
for variant in light dark; do
  FYNE_THEME=$variant "$work/spanmark" --db "$db" & app=$!
  win=$(xdotool search --sync --name Spanmark | head -1)
  sleep 3
  # Select the quoted claim (second paragraph) so its links are outlined.
  xdotool mousemove --window "$win" 700 422 click 1
  sleep 1
  import -window root "docs/window-$variant.png"
  kill $app; wait $app 2>/dev/null || true
done
