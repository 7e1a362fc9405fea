[Profile]
Version=1
Description=GNOME Web (Epiphany) browser
Include=browser-common;dconf
DesktopIds=org.gnome.Epiphany

[Filesystem]
Filesystems=xdg-config/epiphany;xdg-data/epiphany;xdg-cache/epiphany

[DBus]
Own=org.gnome.Epiphany;org.gnome.Epiphany.*
