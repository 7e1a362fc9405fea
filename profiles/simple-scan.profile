# Scanning reaches the scanner through SANE: USB scanners need the raw USB
# devices (Devices=all in your simple-scan.local), network scanners the
# network (Include=network there).  Out of the box it saves and prints.
[Profile]
Version=1
Description=Document Scanner (simple-scan): save scans to documents and pictures, print
Include=editor-common;dconf
DesktopIds=simple-scan;org.gnome.SimpleScan

[Filesystem]
Filesystems=xdg-pictures

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.SimpleScan
