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
# The terminal echoes what is typed: the quotes keep the echo from
# matching, so READY means the commands above have run and the line editor
# is next (keys typed before it would meet the terminal's own line editing,
# where ^U erases them).
zpty -w z "print -r -- RE''ADY"
zpty -r z line '*READY*'
zpty -w -n z "$3"$'\t'
# The completion runs jail a few times: wait for its first match (up to
# 20 s on a loaded machine), give it a moment to finish, then ask zsh to
# say DONE (after the completion, which the line editor finishes first).
for (( i = 0; i < 200; i++ )); do
  grep -q '^<HIT>' "$2.raw" 2>/dev/null && break
  sleep 0.1
done
sleep 0.5
zpty -w z $'\C-u'"print -r -- DO''NE"
zpty -r z line '*DONE*'
zpty -d z
grep '^<HIT>' "$2.raw" | sed 's/^<HIT>//' | sort -u > "$2"
