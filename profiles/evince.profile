[Profile]
Version=1
Description=Evince document viewer: open, annotate and save a copy, print; offline
Include=viewer-common;dconf
DesktopIds=org.gnome.Evince;org.gnome.Evince-previewer

[Filesystem]
Filesystems=xdg-config/evince

[DBus]
Own=org.gnome.Evince;org.gnome.evince.*
