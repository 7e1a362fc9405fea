[Profile]
Version=1
Description=Firefox web browser
Include=gui;network

[Filesystem]
# Firefox 128 and older keep the profile in ~/.mozilla, newer ones (and
# Debian's firefox-esr 140+) in $XDG_CONFIG_HOME/mozilla.
Filesystems=~/.mozilla:create;xdg-config/mozilla:create;xdg-cache/mozilla:create;xdg-download

[DBus]
Own=org.mozilla.firefox.*;org.mpris.MediaPlayer2.firefox.*

[Seccomp]
# Firefox sandboxes its content processes in user namespaces of their own.
AllowUserNamespaces=true
