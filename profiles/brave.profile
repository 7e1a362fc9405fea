[Profile]
Version=1
Description=Brave web browser
Include=browser-common;chromium-common
DesktopIds=brave-browser;com.brave.Browser

[Filesystem]
Filesystems=xdg-config/BraveSoftware;xdg-cache/BraveSoftware

[DBus]
Own=org.mpris.MediaPlayer2.chromium.*
