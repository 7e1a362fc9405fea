[Profile]
Version=1
Description=VLC media player: videos and music read-only, offline
Include=gui
Shared=ipc

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;xdg-config/vlc:create;xdg-data/vlc:create

[DBus]
Talk=org.freedesktop.ScreenSaver
Own=org.mpris.MediaPlayer2.vlc
