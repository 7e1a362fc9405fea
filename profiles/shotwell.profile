[Profile]
Version=1
Description=Shotwell photo manager: pictures and removable media (camera cards); print; offline
Include=viewer-common;dconf
DesktopIds=shotwell;shotwell-viewer;org.gnome.Shotwell;org.gnome.Shotwell-Viewer

[Filesystem]
Filesystems=xdg-pictures;xdg-videos;xdg-data/shotwell;xdg-cache/shotwell

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.Shotwell
