[Profile]
Version=1
Description=LibreOffice: documents read-write, printing, offline
Include=editor-common
DesktopIds=libreoffice-startcenter;libreoffice-writer;libreoffice-calc;libreoffice-impress;libreoffice-draw;libreoffice-math;libreoffice-base;libreoffice-xsltfilter

[Filesystem]
Filesystems=xdg-config/libreoffice:create
