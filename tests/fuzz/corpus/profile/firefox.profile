[Profile]
Version=1
Description=Firefox web browser
Include=gui;network

[Filesystem]
Filesystems=~/.mozilla:create;xdg-cache/mozilla:create;xdg-download

[DBus]
Own=org.mozilla.firefox.*;org.mpris.MediaPlayer2.firefox.*

[Seccomp]
# Firefox sandboxes its content processes in user namespaces of their own.
AllowUserNamespaces=true
