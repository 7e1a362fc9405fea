[Profile]
Version=1
Description=gedit text editor: documents, downloads, desktop read-write, printing, offline
Include=editor-common;dconf
DesktopIds=org.gnome.gedit

[Filesystem]
Filesystems=xdg-config/gedit:create

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.gedit
