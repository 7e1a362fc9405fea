[Profile]
Version=1
Description=Inkscape vector editor: pictures and documents read-write, offline
Include=gui

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-pictures;xdg-documents;xdg-config/inkscape:create
