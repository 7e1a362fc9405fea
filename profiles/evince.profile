[Profile]
Version=1
Description=Evince document viewer: documents read-only, offline
Include=gui

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-documents:ro;xdg-download:ro;xdg-desktop:ro;xdg-config/evince:create
