[Profile]
Version=1
Description=Evince document viewer: documents read-only, offline
Include=gui

[Filesystem]
Filesystems=xdg-documents:ro;xdg-download:ro;xdg-desktop:ro;xdg-config/evince:create
FileArgs=ro
