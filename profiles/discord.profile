[Profile]
Version=1
Description=Discord: chat, voice and video calls, screen sharing, notifications
Include=conferencing-common;chromium-common
DesktopIds=discord;com.discordapp.Discord

[Filesystem]
Filesystems=xdg-config/discord
