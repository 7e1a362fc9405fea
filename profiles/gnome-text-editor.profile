[Profile]
Version=1
Description=GNOME Text Editor: documents, downloads, desktop read-write, printing, offline
Include=editor-common;dconf
DesktopIds=org.gnome.TextEditor

[DBus]
# Its GApplication id: a GTK app that cannot own it does not start.
Own=org.gnome.TextEditor
