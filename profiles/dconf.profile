# GNOME settings: an app reads the user's dconf database and changes it
# through the dconf service (gsettings), as flatpak grants it.  Included by
# the profiles of GNOME apps.
[Profile]
Version=1
Description=GNOME settings (dconf): read the user's settings, change them through the dconf service

[Filesystem]
Filesystems=xdg-config/dconf:ro;xdg-run/dconf

[DBus]
Talk=ca.desrt.dconf
