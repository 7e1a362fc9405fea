[Profile]
Version=1
Description=LibreOffice: documents read-write, offline
Include=gui

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-config/libreoffice:create;xdg-documents;xdg-download;xdg-desktop
