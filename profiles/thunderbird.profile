[Profile]
Version=1
Description=Thunderbird mail client
Include=gui;network

[Filesystem]
Filesystems=~/.thunderbird:create;xdg-cache/thunderbird:create;xdg-download

[DBus]
Talk=org.freedesktop.Notifications
Own=org.mozilla.thunderbird.*
