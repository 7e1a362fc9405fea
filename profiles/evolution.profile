[Profile]
Version=1
Description=Evolution mail and calendar
Include=mail-common;dconf
DesktopIds=org.gnome.Evolution

[Filesystem]
Filesystems=xdg-config/evolution;xdg-data/evolution;xdg-cache/evolution

[DBus]
# Accounts, calendars and contacts live in evolution-data-server; passwords
# in the Secret Service.
Talk=org.gnome.evolution.dataserver.*;org.freedesktop.secrets;org.gnome.OnlineAccounts
Own=org.gnome.Evolution
