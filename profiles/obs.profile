# OBS records the screen (PipeWire, through the ScreenCast portal) and
# cameras, and streams to the internet.
[Profile]
Version=1
Description=OBS Studio: screen and camera recording to videos, streaming, sound
Include=conferencing-common
DesktopIds=com.obsproject.Studio

[Filesystem]
Filesystems=xdg-videos;xdg-config/obs-studio
