# Base for chat and video calls: the internet, sound and microphone,
# camera, screen sharing (PipeWire), notifications, a tray icon, downloads.
[Profile]
Version=1
Description=Chat and call base: internet, sound, microphone and camera, screen sharing, notifications
Include=gui;network

[Context]
Home=persist

[Filesystem]
Filesystems=xdg-download

[Sockets]
Sockets=pulseaudio;pipewire

[Devices]
Devices=webcam

[DBus]
Talk=org.freedesktop.Notifications;org.freedesktop.ScreenSaver;org.kde.StatusNotifierWatcher
