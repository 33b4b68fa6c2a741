#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bash completion of wsinspect-cli: the script `wsinspect-cli completions bash` writes,
# sourced into `bash --norc` (no bash-completion, so its own fallbacks are what runs) and
# asked as bash asks it: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
# Usage: test_bash.sh <wsinspect-cli>
source "$(dirname "${BASH_SOURCE[0]}")/completion_cases.sh"

script=$work/wsinspect-cli.bash
"$cli" completions bash >"$script" || { echo "FAIL  wsinspect-cli completions bash"; exit 1; }

completes() { # <line>: words as bash splits them (at spaces and at '=')
    bash --norc -c '
        source "$1"
        read -ra COMP_WORDS <<<"${2//=/ = }"
        [[ $2 == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _wsinspect_cli
        printf "%s\n" "${COMPREPLY[@]}"' bash "$script" "$1"
}

run_cases
expect "wsinspect-cli connect --ca-file=c" ca.pem certs
check "the script registers _wsinspect_cli for wsinspect-cli" \
    grep -q -- '-F _wsinspect_cli wsinspect-cli$' <(bash --norc -c 'source "$1"; complete -p wsinspect-cli' bash "$script")
finish
