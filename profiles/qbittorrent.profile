[Profile]
Version=1
Description=qBittorrent BitTorrent client: downloads, torrents from downloads, notifications
Include=gui;network
DesktopIds=org.qbittorrent.qBittorrent

[Context]
Home=persist

[Filesystem]
Filesystems=xdg-download;xdg-config/qBittorrent;xdg-data/qBittorrent

[DBus]
Talk=org.freedesktop.Notifications;org.kde.StatusNotifierWatcher
