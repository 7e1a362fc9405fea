#!/bin/zsh -f
# zsh-complete.zsh FPATH-DIR OUT 'command line': the matches zsh's completion
# system offers for the line, one a line, in OUT.  zsh completes only in its
# line editor, so an interactive zsh runs on a pseudo-terminal (zpty) and a
# wrapper around compadd records what the completion functions add.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits; builtin compadd -A __hits "$@"; local r=$?
  (( $#__hits )) && print -rl -- "<HIT>"${^__hits} >&2
  return r
}'
zpty -w z "exec 2>${(q)2}.raw"
zpty -w z 'print -r -- READY'
zpty -r z line '*READY*'
zpty -w -n z "$3"$'\t'
# The completion runs jail a few times; give it a moment, then ask zsh to
# say DONE (after the completion, which the line editor finishes first).
sleep 1
zpty -w z $'\C-u''print -r -- DONE'
zpty -r z line '*DONE*'
zpty -d z
grep '^<HIT>' "$2.raw" | sed 's/^<HIT>//' | sort -u > "$2"
