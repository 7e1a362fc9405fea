[Profile]
Version=1
Description=Kdenlive video editor: videos, music and pictures read-write, sound, offline
Include=editor-common
DesktopIds=org.kde.kdenlive

[Filesystem]
Filesystems=xdg-videos;xdg-music;xdg-pictures;xdg-config/kdenliverc;xdg-data/kdenlive

[Sockets]
Sockets=pulseaudio;!cups

[DBus]
# KDBusService registers org.kde.kdenlive-PID and quits when it cannot own
# it; inside the sandbox's PID namespace the app is PID 2 (after jail's init).
Own=org.kde.kdenlive-2
