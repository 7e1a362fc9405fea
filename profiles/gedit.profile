[Profile]
Version=1
Description=gedit text editor: documents and desktop read-write, offline
Include=gui

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-documents;xdg-desktop;xdg-download;xdg-config/gedit:create
