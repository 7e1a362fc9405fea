[Profile]
Version=1
Description=Eye of GNOME image viewer: pictures, documents, downloads; print; offline
Include=viewer-common;dconf
DesktopIds=org.gnome.eog

[Filesystem]
Filesystems=xdg-pictures

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.eog
