[Profile]
Version=1
Description=Kdenlive video editor: videos, music and pictures read-write, sound, offline
Include=editor-common
DesktopIds=org.kde.kdenlive

[Filesystem]
Filesystems=xdg-videos;xdg-music;xdg-pictures;xdg-config/kdenliverc;xdg-data/kdenlive

[Sockets]
Sockets=pulseaudio;!cups
