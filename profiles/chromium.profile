[Profile]
Version=1
Description=Chromium web browser
Include=gui;network

[Filesystem]
Filesystems=xdg-config/chromium:create;xdg-cache/chromium:create;xdg-download

[DBus]
Own=org.mpris.MediaPlayer2.chromium.*

[Seccomp]
# Chromium's own sandbox needs user namespaces.
AllowUserNamespaces=true
