# Base for web browsers: the web, downloads, sound, WebRTC (PipeWire for
# screen sharing, cameras), FIDO security keys, printing, notifications.
[Profile]
Version=1
Description=Web browser base: internet, downloads, sound and camera, security keys, printing, notifications
Include=gui;network

[Context]
# A page or document named on the command line opens, that file alone.
FileArgs=ro
Home=persist

[Filesystem]
Filesystems=xdg-download

[Sockets]
Sockets=pulseaudio;pipewire;cups

[Devices]
Devices=u2f;webcam

[DBus]
Talk=org.freedesktop.Notifications;org.freedesktop.ScreenSaver

[Seccomp]
# Browsers sandbox their content processes in user namespaces of their own.
AllowUserNamespaces=true
