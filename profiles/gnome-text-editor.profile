[Profile]
Version=1
Description=GNOME Text Editor: documents, downloads, desktop read-write, printing, offline
Include=editor-common;dconf
DesktopIds=org.gnome.TextEditor
