#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders wsinspect.svg to the PNG sizes that are committed beside it (hicolor theme sizes
# and the GUI's built-in window icon). Run after editing the SVG; the packaging test checks
# that the PNGs match. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" --output "wsinspect-$size.png" wsinspect.svg
done
