# Base for document and image viewers: open from Documents, Downloads,
# Desktop and removable media, save a copy or annotations, print.  Offline.
[Profile]
Version=1
Description=Viewer base: documents, downloads, desktop read-write, removable media read-only, printing, offline
Include=gui

[Context]
Home=persist
# A document or file given as an argument is reachable, that file alone.
FileArgs=ro

[Filesystem]
Filesystems=xdg-documents;xdg-download;xdg-desktop;/media:ro;/run/media:ro

[Sockets]
Sockets=cups
