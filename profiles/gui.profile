# Base for desktop applications: display, GPU, portals, and the user's
# font, theme and default-application settings read-only.  Fonts, icons,
# locale and time zone from /usr and /etc are in the default sandbox
# already.  No sound and no PipeWire: the bases that need them (browsers,
# players, calls) add them.
[Profile]
Version=1
Description=Desktop app base: Wayland/X11, GPU, fonts, themes, portals; a home per command
Include=default

[Context]
# A long-tail app run with --profile gui keeps its settings in a home of
# its own, ~/.local/share/jail/homes/COMMAND.  The role bases use persist:
# a home named after the app's profile.
Home=persist-command

[Filesystem]
Filesystems=xdg-config/fontconfig:ro;xdg-config/gtk-3.0:ro;xdg-config/gtk-4.0:ro;xdg-config/kdeglobals:ro;xdg-data/fonts:ro;xdg-data/icons:ro;xdg-data/themes:ro;~/.fonts:ro;~/.icons:ro;~/.themes:ro;xdg-config/user-dirs.dirs:ro;xdg-config/mimeapps.list:ro

[Sockets]
Sockets=wayland;fallback-x11

[Devices]
Devices=dri

[DBus]
Talk=org.freedesktop.portal.*
