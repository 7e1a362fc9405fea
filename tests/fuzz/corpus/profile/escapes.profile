[Profile]
Version=1
Description=escapes \s\t\n\\ \;
[Filesystem]
Filesystems=~/a\;b:ro;!~/a\;b;${XDG_DOWNLOAD_DIR}/x:create;;
[Environment]
A=${HOME}/${UID}
Unset=B;C
