[Profile]
Version=1
Description=VLC media player: music and videos read-only, streams, sound
Include=player-common
DesktopIds=vlc;org.videolan.VLC

[Filesystem]
Filesystems=xdg-config/vlc:create;xdg-data/vlc:create

[DBus]
Own=org.mpris.MediaPlayer2.vlc
