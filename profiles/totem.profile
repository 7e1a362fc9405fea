[Profile]
Version=1
Description=GNOME Videos (Totem): videos and music read-only, streams, sound
Include=player-common;dconf
DesktopIds=org.gnome.Totem

[Filesystem]
Filesystems=xdg-data/totem

[DBus]
Own=org.mpris.MediaPlayer2.totem;org.gnome.Totem
