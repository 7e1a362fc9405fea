[Profile]
Version=1
Description=Okular document viewer (KDE): open, annotate and save a copy, print; offline
Include=viewer-common
DesktopIds=org.kde.okular

[Filesystem]
Filesystems=xdg-config/okularrc;xdg-config/okularpartrc;xdg-data/okular
