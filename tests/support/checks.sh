# SPDX-License-Identifier: MIT
# PASS and FAIL lines for the shell-script tests (test_deb.sh, tests/cli/completion), one a
# check; $failures counts the failures for the script's exit status.
failures=${failures:-0}

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
# check <description> <command...>: runs the command, passes when it succeeds.
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
