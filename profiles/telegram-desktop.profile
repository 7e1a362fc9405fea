[Profile]
Version=1
Description=Telegram Desktop: chat, calls with microphone and camera, notifications
Include=conferencing-common
DesktopIds=org.telegram.desktop

[Filesystem]
Filesystems=xdg-data/TelegramDesktop
