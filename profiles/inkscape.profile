[Profile]
Version=1
Description=Inkscape vector editor: pictures and documents read-write, offline
Include=gui

[Filesystem]
Filesystems=xdg-pictures;xdg-documents;xdg-config/inkscape:create
FileArgs=ro
