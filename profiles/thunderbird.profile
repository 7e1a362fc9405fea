[Profile]
Version=1
Description=Thunderbird mail client
Include=mail-common
DesktopIds=thunderbird;org.mozilla.Thunderbird

[Filesystem]
Filesystems=~/.thunderbird:create;xdg-cache/thunderbird:create

[DBus]
Own=org.mozilla.thunderbird.*
