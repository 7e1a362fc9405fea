# Audacity records: the microphone comes with PulseAudio.  Offline.
[Profile]
Version=1
Description=Audacity audio editor: music and documents read-write, sound and recording, offline
Include=editor-common
DesktopIds=audacity;org.audacityteam.Audacity

[Filesystem]
Filesystems=xdg-music;xdg-config/audacity;xdg-data/audacity

[Sockets]
Sockets=pulseaudio;!cups
