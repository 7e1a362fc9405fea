# Steam and its games: their own home (the library lives there), sound,
# game controllers (input devices).  Proton and the Steam Runtime sandbox
# games in user namespaces of their own.
[Profile]
Version=1
Description=Steam: games, sound, controllers, a home of its own
Include=gui;network
DesktopIds=steam;com.valvesoftware.Steam

[Context]
Home=persist

[Sockets]
Sockets=pulseaudio

[Devices]
Devices=input

[DBus]
Talk=org.freedesktop.Notifications;org.freedesktop.ScreenSaver

[Seccomp]
AllowUserNamespaces=true
