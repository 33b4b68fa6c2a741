#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Quick start, command 1: installs what is missing, builds, and opens the inspector aimed
# at its built-in echo server. Arguments are passed on to wsinspect.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WSI_BUILD_DIR:-$root/build}

"$root/scripts/setup-deps.sh"
"$root/scripts/build.sh"

app="$build_dir/app/gui/wsinspect"
if [[ ! -x "$app" ]]; then
    echo "run: $app was not built: the build has WSI_BUILD_GUI=OFF or this checkout has" >&2
    echo "run: no GUI yet; the engine, wsinspect-cli and the tests are built (scripts/test.sh)" >&2
    exit 1
fi

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    echo "run: no DISPLAY or WAYLAND_DISPLAY is set; to run without a screen use" >&2
    echo "run:   xvfb-run -a -s '-screen 0 1600x1000x24' scripts/run.sh" >&2
    exit 1
fi

echo "run: starting $app --echo-server"
exec "$app" --echo-server "$@"
