[Profile]
Version=1
Description=Celluloid video player: videos and music read-only, streams, sound
Include=player-common;dconf
DesktopIds=io.github.celluloid_player.Celluloid

[Filesystem]
Filesystems=xdg-config/celluloid;xdg-config/mpv:ro

[DBus]
Own=org.mpris.MediaPlayer2.io.github.celluloid_player.Celluloid;io.github.celluloid_player.Celluloid
