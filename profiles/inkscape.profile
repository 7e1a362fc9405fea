[Profile]
Version=1
Description=Inkscape vector editor: pictures and documents read-write, printing, offline
Include=editor-common
DesktopIds=org.inkscape.Inkscape

[Filesystem]
# Its settings stay in its own home: the real ~/.config/inkscape holds
# the user's extensions (Python), which an unsandboxed Inkscape runs.
Filesystems=xdg-pictures

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.  A
# command-line run (--export-type) registers org.inkscape.Inkscape.pPID.
Own=org.inkscape.Inkscape;org.inkscape.Inkscape.*
