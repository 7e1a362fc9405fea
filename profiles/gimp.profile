[Profile]
Version=1
Description=GIMP image editor: pictures read-write, offline
Include=gui
Shared=ipc

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-pictures;xdg-download:ro;xdg-config/GIMP:create;xdg-cache/gimp:create
