#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# zsh completion of wsinspect-cli: the script `wsinspect-cli completions zsh` writes, read
# with `zsh -n`, then installed as _wsinspect-cli in a folder on $fpath of an interactive zsh
# in a pseudo-terminal that is sent each line and a Tab (zsh_capture.zsh).
# Usage: test_zsh.sh <wsinspect-cli>
source "$(dirname "${BASH_SOURCE[0]}")/completion_cases.sh"
skip_without zsh zsh

capture=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/zsh_capture.zsh
functions=$work/functions
mkdir -p "$functions"
for program in wsinspect-cli wsinspect; do
    "$cli" completions zsh "$program" >"$functions/_$program" || { echo "FAIL  wsinspect-cli completions zsh $program"; exit 1; }
    check "zsh -n reads the script for $program" zsh -n "$functions/_$program"
    check "the script for $program starts with #compdef $program" grep -qx "#compdef $program" <(head -n 1 "$functions/_$program")
done

completes() { # <line>
    timeout 20 zsh -f "$capture" "$functions" "$1"
}

run_cases
expect "wsinspect-cli connect --binary-as=" hex base64 raw
finish
