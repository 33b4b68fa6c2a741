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
"$cli" completions zsh >"$functions/_wsinspect-cli" || { echo "FAIL  wsinspect-cli completions zsh"; exit 1; }
check "zsh -n reads the script" zsh -n "$functions/_wsinspect-cli"
check "the script starts with #compdef wsinspect-cli" grep -qx '#compdef wsinspect-cli' <(head -n 1 "$functions/_wsinspect-cli")

completes() { # <line>
    timeout 20 zsh -f "$capture" "$functions" "$1"
}

run_cases
expect "wsinspect-cli connect --binary-as=" hex base64 raw
finish
