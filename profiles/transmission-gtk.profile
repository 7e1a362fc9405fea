[Profile]
Version=1
Description=Transmission BitTorrent client: downloads, torrents from downloads, notifications
Include=gui;network;dconf
DesktopIds=transmission-gtk;com.transmissionbt.transmission

[Context]
Home=persist

[Filesystem]
Filesystems=xdg-download;xdg-config/transmission

[DBus]
Talk=org.freedesktop.Notifications;org.kde.StatusNotifierWatcher
Own=com.transmissionbt.*
