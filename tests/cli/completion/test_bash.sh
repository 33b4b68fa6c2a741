#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bash completion of wsinspect-cli: the script `wsinspect-cli completions bash` writes,
# sourced into `bash --norc` (no bash-completion, so its own fallbacks are what runs) and
# asked as bash asks it: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
# Usage: test_bash.sh <wsinspect-cli>
source "$(dirname "${BASH_SOURCE[0]}")/completion_cases.sh"

script=$work/wsinspect-cli.bash
window_script=$work/wsinspect.bash
"$cli" completions bash >"$script" || { echo "FAIL  wsinspect-cli completions bash"; exit 1; }
"$cli" completions bash wsinspect >"$window_script" || { echo "FAIL  wsinspect-cli completions bash wsinspect"; exit 1; }

# With $preload set, that file is sourced first (bash-completion, whose _filedir the
# script then uses for file names).
preload=
completes() { # <line>: words as bash splits them (at spaces and at '='), to the function
              # registered for the first
    bash --norc -c '
        [[ -z $1 ]] || source "$1"
        source "$2"
        source "$3"
        read -ra COMP_WORDS <<<"${4//=/ = }"
        [[ $4 == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        function=$(complete -p "${COMP_WORDS[0]}" | sed -E "s/.*-F ([^ ]+) .*/\1/")
        "$function"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$preload" "$script" "$window_script" "$1"
}

run_cases
expect "wsinspect-cli connect --ca-file=c" ca.pem certs
# The same file names through bash-completion's _filedir, when it is installed.
preload=/usr/share/bash-completion/bash_completion
if [[ -f $preload ]]; then
    expect "wsinspect-cli connect --ca-file c" ca.pem certs
    expect "wsinspect-cli connect --ca-path c" certs
    expect "wsinspect-cli connect --ca-file=c" ca.pem certs
else
    echo "SKIP  file names through bash-completion: it is not installed"
fi
check "the scripts register _wsinspect_cli for wsinspect-cli and _wsinspect for wsinspect" \
    test "$(bash --norc -c 'source "$1"; source "$2"; complete -p wsinspect-cli wsinspect' bash "$script" "$window_script")" \
    = $'complete -F _wsinspect_cli wsinspect-cli\ncomplete -F _wsinspect wsinspect'

finish
