[Profile]
Version=1
Description=Krita painting program: pictures and documents read-write, printing, offline
Include=editor-common
DesktopIds=org.kde.krita

[Filesystem]
Filesystems=xdg-pictures;xdg-config/kritarc;xdg-data/krita
