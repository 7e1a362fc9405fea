[Profile]
Version=1
Description=Zoom video meetings: calls with microphone and camera, screen sharing, notifications
Include=conferencing-common
DesktopIds=Zoom;us.zoom.Zoom

[Filesystem]
Filesystems=~/.zoom;xdg-config/zoomus.conf
