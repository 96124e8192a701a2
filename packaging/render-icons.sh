#!/usr/bin/env bash
# Renders the application icon's PNGs from its SVG source, at the sizes
# desktops use, into the hicolor layout they are installed in. Run it after
# changing resources/icons/ferry.svg, and commit the PNGs (the package and
# the binary use them; building does not need this script).
#
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v rsvg-convert >/dev/null || {
  echo "render-icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2
  exit 1
}
src=resources/icons/ferry.svg
for size in 16 24 32 48 64 128 256 512; do
  dir="resources/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  rsvg-convert --width "$size" --height "$size" "$src" --output "$dir/ferry.png"
  echo "$dir/ferry.png"
done
