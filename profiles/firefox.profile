[Profile]
Version=1
Description=Firefox web browser
Include=browser-common
DesktopIds=firefox;org.mozilla.firefox

[Filesystem]
# Firefox 128 and older keep the profile in ~/.mozilla, newer ones (and
# Debian's firefox-esr 140+) in $XDG_CONFIG_HOME/mozilla.
Filesystems=~/.mozilla:create;xdg-config/mozilla:create;xdg-cache/mozilla:create

[DBus]
Own=org.mozilla.firefox.*;org.mpris.MediaPlayer2.firefox.*
