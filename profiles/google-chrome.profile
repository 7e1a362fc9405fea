[Profile]
Version=1
Description=Google Chrome web browser
Include=browser-common;chromium-common
DesktopIds=google-chrome;com.google.Chrome

[Filesystem]
Filesystems=xdg-config/google-chrome;xdg-cache/google-chrome

[DBus]
Own=org.mpris.MediaPlayer2.chromium.*
