# Base for desktop applications: display, sound, GPU, portals, and the
# user's font and theme settings read-only.  Fonts, icons, locale and time
# zone from /usr and /etc are in the default sandbox already.
[Profile]
Version=1
Description=Desktop app base: Wayland/X11, sound, GPU, fonts, themes, portals
Include=default

[Filesystem]
Filesystems=xdg-config/fontconfig:ro;xdg-config/gtk-3.0:ro;xdg-config/gtk-4.0:ro;xdg-config/kdeglobals:ro;xdg-data/fonts:ro;xdg-data/icons:ro;xdg-data/themes:ro;~/.fonts:ro;~/.icons:ro;~/.themes:ro

[Sockets]
Sockets=wayland;fallback-x11;pulseaudio;pipewire

[Devices]
Devices=dri

[DBus]
Talk=org.freedesktop.portal.*
