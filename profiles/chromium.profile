[Profile]
Version=1
Description=Chromium web browser
Include=browser-common;chromium-common
DesktopIds=chromium

[Filesystem]
Filesystems=xdg-config/chromium:create;xdg-cache/chromium:create

[DBus]
Own=org.mpris.MediaPlayer2.chromium.*
