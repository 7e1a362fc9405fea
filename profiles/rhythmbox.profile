[Profile]
Version=1
Description=Rhythmbox music player: music library read-only, internet radio and podcasts, sound
Include=player-common;dconf
DesktopIds=org.gnome.Rhythmbox3;org.gnome.Rhythmbox3.device

[Filesystem]
Filesystems=xdg-data/rhythmbox;xdg-cache/rhythmbox

[DBus]
Own=org.mpris.MediaPlayer2.rhythmbox;org.gnome.Rhythmbox3
Talk=org.freedesktop.Notifications
