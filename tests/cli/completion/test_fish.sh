#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fish completion of wsinspect-cli: the script `wsinspect-cli completions fish` writes, read
# with `fish -n`, then sourced into `fish --no-config` and asked with `complete -C LINE`,
# which prints what Tab would offer (candidate, a tab, its description).
# Usage: test_fish.sh <wsinspect-cli>
source "$(dirname "${BASH_SOURCE[0]}")/completion_cases.sh"
skip_without fish fish

script=$work/wsinspect-cli.fish
window_script=$work/wsinspect.fish
"$cli" completions fish >"$script" || { echo "FAIL  wsinspect-cli completions fish"; exit 1; }
"$cli" completions fish wsinspect >"$window_script" || { echo "FAIL  wsinspect-cli completions fish wsinspect"; exit 1; }
check "fish -n reads the script for wsinspect-cli" fish -n "$script"
check "fish -n reads the script for wsinspect" fish -n "$window_script"

completes() { # <line>
    timeout 20 fish --no-config -c 'source $argv[1]; source $argv[2]; complete -C $argv[3]' \
        "$script" "$window_script" "$1" | cut -f 1
}

run_cases
# Descriptions are --help's.
description=$(cd "$work" && timeout 20 fish --no-config -c 'source $argv[1]; complete -C "wsinspect-cli serve --mo"' "$script")
check "fish shows --mode with its --help description (got: $description)" \
    test "$description" = $'--mode\techo (default) or broadcast.'
finish
