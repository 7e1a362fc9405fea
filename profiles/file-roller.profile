[Profile]
Version=1
Description=File Roller archive manager: archives in documents, downloads, desktop; offline
Include=editor-common;dconf
DesktopIds=org.gnome.FileRoller

[Sockets]
Sockets=!cups

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.FileRoller;org.gnome.ArchiveManager1
