#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Quick start, command 2: installs what is missing, builds, and runs the whole test suite
# (unit, sanitizer, interop, fuzz, GUI, ...). Ends with ctest's summary line; its exit
# status is ctest's. Arguments are passed on to ctest, e.g. -L unit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WSI_BUILD_DIR:-$root/build}

"$root/scripts/setup-deps.sh"
"$root/scripts/build.sh"

# Node peers for the interop tests, pinned by package-lock.json. Reinstalled only when the
# lock file changed since the last install.
interop="$root/tests/interop"
if [[ -f "$interop/package-lock.json" ]]; then
    if [[ ! -f "$interop/node_modules/.package-lock.json" ||
          "$interop/package-lock.json" -nt "$interop/node_modules/.package-lock.json" ]]; then
        echo "test: npm ci in tests/interop"
        (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi

exec ctest --test-dir "$build_dir" --output-on-failure -j2 "$@"
