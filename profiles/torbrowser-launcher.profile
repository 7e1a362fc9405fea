# Tor Browser as torbrowser-launcher installs it: the browser and its
# settings under ~/.local/share/torbrowser, nothing shared with the other
# browsers.  No PipeWire, camera or security keys (Tor Browser disables
# WebRTC and WebAuthn devices by default).
[Profile]
Version=1
Description=Tor Browser (torbrowser-launcher)
Include=browser-common
DesktopIds=torbrowser;torbrowser-settings;org.torproject.torbrowser-launcher

[Filesystem]
Filesystems=xdg-data/torbrowser:create;xdg-config/torbrowser:create;xdg-cache/torbrowser

[Sockets]
Sockets=!pipewire

[Devices]
Devices=!u2f;!webcam
