[Profile]
Version=1
Description=Kate text editor (KDE): documents, downloads, desktop read-write, printing, offline
Include=editor-common
DesktopIds=org.kde.kate

[Filesystem]
Filesystems=xdg-config/katerc;xdg-data/kate
