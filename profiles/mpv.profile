[Profile]
Version=1
Description=mpv media player: videos and music read-only, offline
Include=gui
Shared=ipc

[Context]
FileArgs=ro

[Filesystem]
Filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;xdg-config/mpv:ro

[DBus]
Talk=org.freedesktop.ScreenSaver
Own=org.mpris.MediaPlayer2.mpv
