# Base for mail clients: the internet, attach from Documents, save
# attachments to Downloads, GnuPG, printing, notifications.
[Profile]
Version=1
Description=Mail client base: internet, attach from documents, save to downloads, GnuPG, printing, notifications
Include=gui;network

[Context]
Home=persist

[Filesystem]
Filesystems=xdg-documents:ro;xdg-download;~/.gnupg;xdg-run/gnupg

[Sockets]
Sockets=cups

[DBus]
Talk=org.freedesktop.Notifications
