[Profile]
Version=1
Description=Inkscape vector editor: pictures and documents read-write, printing, offline
Include=editor-common
DesktopIds=org.inkscape.Inkscape

[Filesystem]
Filesystems=xdg-pictures;xdg-config/inkscape:create

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.inkscape.Inkscape
