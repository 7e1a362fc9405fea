# Base for editors (text, office, images): open and save in Documents,
# Downloads and Desktop, templates and removable media read-only, print.
# Offline, no sound.
[Profile]
Version=1
Description=Editor base: documents, downloads, desktop read-write, templates and removable media read-only, printing, offline
Include=gui

[Context]
Home=persist
# A document or file given as an argument is reachable, that file alone.
FileArgs=ro

[Filesystem]
Filesystems=xdg-documents;xdg-download;xdg-desktop;xdg-templates:ro;/media:ro;/run/media:ro

[Sockets]
Sockets=cups
