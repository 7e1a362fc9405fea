[Profile]
Version=1
Description=Spotify music streaming: internet, sound, media keys
Include=player-common
DesktopIds=spotify;com.spotify.Client

[Filesystem]
Filesystems=!xdg-music;!xdg-videos;!xdg-download;!/media;!/run/media;xdg-config/spotify;xdg-cache/spotify

[DBus]
Own=org.mpris.MediaPlayer2.spotify
Talk=org.freedesktop.Notifications
