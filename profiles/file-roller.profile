[Profile]
Version=1
Description=File Roller archive manager: archives in documents, downloads, desktop; offline
Include=editor-common;dconf
DesktopIds=org.gnome.FileRoller

[Sockets]
Sockets=!cups
