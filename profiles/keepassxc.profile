# The password database is usually in Documents; keep it elsewhere with
# Filesystems=~/PATH in keepassxc.local.  KeePassXC can serve as the
# Secret Service for other apps (Own below).
[Profile]
Version=1
Description=KeePassXC password manager: databases in documents, security keys, offline
Include=gui
DesktopIds=org.keepassxc.KeePassXC

[Context]
Home=persist

[Filesystem]
Filesystems=xdg-documents;xdg-config/keepassxc;xdg-cache/keepassxc

[Devices]
# YubiKey challenge-response and FIDO keys.
Devices=u2f

[DBus]
Own=org.keepassxc.KeePassXC.*;org.freedesktop.secrets
Talk=org.freedesktop.Notifications;org.kde.StatusNotifierWatcher
