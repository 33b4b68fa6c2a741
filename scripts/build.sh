#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Configures (once) and builds wsinspect with CMake and Ninja, incrementally.
#   WSI_BUILD_DIR   build directory (default: build/ at the top of the repository)
#   CI=1/true or WSI_WERROR=1   warnings are errors (WSI_WERROR=0: not any more)
#   extra arguments are passed to the CMake configure step, e.g. -DWSI_FUZZ=OFF
# Prefers clang (libFuzzer needs it) and falls back to g++; ccache is picked up by CMake.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${WSI_BUILD_DIR:-$root/build}

is_true() {
    case "${1:-}" in
        ""|0|false|FALSE|False|no|off|OFF) return 1 ;;
        *) return 0 ;;
    esac
}

# Warnings become errors in CI or when asked; WSI_WERROR=0 turns that off again. Otherwise
# the build directory keeps what it had (OFF at first), so switching costs no rebuild.
configure=(-S "$root" -B "$build_dir")
werror="as configured"
if is_true "${CI:-}" || is_true "${WSI_WERROR:-}"; then
    werror=ON
elif [[ -n "${WSI_WERROR:-}" ]]; then
    werror=OFF
fi
if [[ "$werror" != "as configured" ]]; then
    configure+=(-DWSI_WERROR="$werror")
fi
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    # The compiler is chosen once, when the cache is created; changing it later would make
    # CMake wipe the cache.
    configure+=(-G Ninja)
    if command -v clang++ >/dev/null 2>&1 && command -v clang >/dev/null 2>&1; then
        configure+=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
    else
        configure+=(-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++)
    fi
fi

echo "build: configuring $build_dir (WSI_WERROR=$werror)"
cmake "${configure[@]}" "$@"
echo "build: building $build_dir"
cmake --build "$build_dir"
