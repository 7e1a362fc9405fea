[Profile]
Version=1
Description=GIMP image editor: pictures and documents read-write, printing, offline
Include=editor-common
DesktopIds=gimp;org.gimp.GIMP

[Filesystem]
Filesystems=xdg-pictures;xdg-config/GIMP:create;xdg-cache/gimp:create
