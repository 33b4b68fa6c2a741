# SPDX-License-Identifier: MIT
# The cases every shell's completion test runs (sourced by test_bash.sh, test_zsh.sh and
# test_fish.sh). A test writes the scripts of both programs with `$cli completions SHELL
# [wsinspect]`, defines `completes LINE`, which prints what its shell offers when Tab is
# pressed at the end of LINE, one candidate a line, then calls run_cases and finish. The
# cases run in a scratch folder holding ca.pem and certs/, for the options that take files.
#
# Usage of a test: test_<shell>.sh <wsinspect-cli> [<wsinspect>]
# (without the window's binary, its --help is not compared with its completion)
set -uo pipefail

cli=$1
window=${2:-}
source "$(dirname "${BASH_SOURCE[0]}")/../../support/checks.sh" # pass, fail, check
work=$(mktemp -d "${TMPDIR:-/tmp}/wsinspect-completion.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The shell is not installed: ctest counts exit status 77 as skipped (SKIP_RETURN_CODE).
skip_without() { # <program> <Debian package>
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "SKIP  $1 is missing; scripts/setup-deps.sh installs it (Debian package $2)"
    exit 77
}

# A directory's trailing slash (fish adds one) does not count.
without_directory_slash() {
    local candidate
    while IFS= read -r candidate; do
        [[ $candidate == */ && -d $candidate ]] && candidate=${candidate%/}
        printf '%s\n' "$candidate"
    done
}

# expect LINE CANDIDATE...: Tab at the end of LINE offers exactly these, in any order.
expect() {
    local line=$1 got wanted
    shift
    got=$(completes "$line" | without_directory_slash | LC_ALL=C sort -u | xargs)
    wanted=$(printf '%s\n' "$@" | LC_ALL=C sort -u | xargs)
    if [[ "$got" == "$wanted" ]]; then
        pass "'$line<TAB>' offers: ${wanted:-nothing}"
    else
        fail "'$line<TAB>' offers: ${wanted:-nothing} (got: ${got:-nothing})"
    fi
}

# The options a --help lists, short and long, one a line: the first column of Qt's help
# ("  -k, --insecure", "  --ca-file <file>").
help_options() { # <program> [<command>]
    "$@" --help | grep -E '^  -' | sed -E 's/^  //; s/ <[^>]*>//g; s/  .*//' | tr ',' '\n' | tr -d ' '
}

# expect_help_options LINE PROGRAM [COMMAND]: Tab after LINE offers exactly the options
# that PROGRAM [COMMAND] --help lists: the parser and the completion read the same table.
expect_help_options() {
    local line=$1
    shift
    mapfile -t listed < <(help_options "$@")
    if [[ ${#listed[@]} -lt 3 ]]; then
        fail "$* --help lists its options (got ${#listed[@]})"
        return
    fi
    expect "$line" "${listed[@]}"
}

run_cases() {
    mkdir -p "$work/certs"
    : >"$work/ca.pem"
    cd "$work" || exit 1

    expect "wsinspect-cli co" connect
    expect "wsinspect-cli " connect cert ping sse socketio run replay serve proxy help # completions is for packagers
    expect "wsinspect-cli help c" connect cert
    expect "wsinspect-cli completions " bash zsh fish
    expect "wsinspect-cli connect --ca-" --ca-file --ca-path
    expect "wsinspect-cli cert --b" # cert sends no messages: no --binary, --binary-as, ...
    expect "wsinspect-cli ping --ping-" # its -i and -W replace the keepalive options
    expect "wsinspect-cli connect w" ws:// wss://
    expect "wsinspect-cli sse h" http:// https:// # an EventSource URL
    expect "wsinspect-cli sse --data-f" --data-file
    expect "wsinspect-cli socketio h" http:// https:// # a Socket.IO server's URL

    # Values by kind: a file, a directory, one of a few words, free text.
    expect "wsinspect-cli connect --ca-file c" ca.pem certs
    expect "wsinspect-cli run c" ca.pem certs # its first operand is the flow script
    expect "wsinspect-cli run --junit c" ca.pem certs
    expect "wsinspect-cli replay c" ca.pem certs # its first operand is the session file
    expect "wsinspect-cli replay --record c" ca.pem certs
    expect "wsinspect-cli serve --cert c" ca.pem certs
    expect "wsinspect-cli connect --file c" ca.pem certs
    expect "wsinspect-cli proxy --record c" ca.pem certs
    expect "wsinspect-cli proxy --listen-c" --listen-cert
    expect "wsinspect-cli proxy --ca-dir c" certs # a directory: the interception CA's folder
    expect "wsinspect-cli proxy --pass" --pass-through
    expect "wsinspect-cli proxy --forw" --forward
    expect "wsinspect-cli proxy --ca-" --ca-dir --ca-file --ca-path # the CA's folder; the upstream's TLS, as connect's
    expect "wsinspect-cli serve --sse " # a path on the server, not a file here
    expect "wsinspect-cli connect --ca-path c" certs
    expect "wsinspect-cli serve --mode " echo broadcast
    expect "wsinspect-cli connect --binary-as " hex base64 raw
    expect "wsinspect-cli connect --header " # 'Name: value' is anybody's guess

    # The same tables: each command offers exactly the options its --help lists.
    local command
    for command in connect cert ping sse socketio run replay serve proxy; do
        expect_help_options "wsinspect-cli $command -" "$cli" "$command"
    done

    # The window: its options, --theme's words, a URL.
    expect "wsinspect --th" --theme
    expect "wsinspect --theme " system light dark
    expect "wsinspect --size " # WxH
    expect "wsinspect w" ws:// wss://
    if [[ -n "$window" ]]; then
        expect_help_options "wsinspect -" "$window"
    fi
}

finish() {
    echo "$(basename "$0"): $failures failure(s)"
    [[ $failures -eq 0 ]]
}
