[Profile]
Version=1
Description=mpv media player: music and videos read-only, streams, sound
Include=player-common
DesktopIds=mpv;io.mpv.Mpv

[Filesystem]
Filesystems=xdg-config/mpv:ro

[DBus]
Own=org.mpris.MediaPlayer2.mpv
