[Profile]
Version=1
Description=Signal messenger: messages, calls with microphone and camera, notifications
Include=conferencing-common;chromium-common
DesktopIds=signal-desktop;org.signal.Signal

[Filesystem]
Filesystems=xdg-config/Signal
