# SPDX-License-Identifier: MIT
# Prints what zsh offers for Tab at the end of a line, one match a line: an interactive
# `zsh -f` in a pseudo-terminal (zpty) loads the completion functions of a folder with
# compinit, a compadd wrapper prints every match it is given, and the line is typed with a
# Tab after it. Markers say when zsh is ready for the line (its prompt) and when the
# completion is over; their quotes are split so that the commands' echo does not match.
# Usage: zsh -f zsh_capture.zsh <folder with _wsinspect-cli> <line>
zmodload zsh/zpty || exit 1
zpty capture zsh -f -i
zpty -w capture "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w capture 'setopt nobeep nolistbeep; RPROMPT=; zstyle ":completion:*" list-prompt ""'
zpty -w capture 'compadd() {
    local -a matches
    builtin compadd -A matches "$@"
    local match
    for match in $matches; do print -r -- "<match>$match</match>"; done
    builtin compadd "$@"
}'
zpty -w capture 'complete-and-say() { zle complete-word; print -r -- "<comp""leted>"; }'
zpty -w capture 'zle -N complete-and-say; bindkey "^I" complete-and-say; PROMPT="<pro""mpt>"'
# Typed before the line editor starts, the line could be thrown away with the typeahead.
zpty -r capture ignored '*<prompt>*'
zpty -w -n capture "$2"$'\t'
zpty -r capture output '*<completed>*'
zpty -d capture
print -r -- $output | grep -o '<match>[^<]*</match>' | sed 's|<match>||; s|</match>||'
