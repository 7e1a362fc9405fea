[Profile]
Version=1
Description=Firefox ESR web browser
Include=firefox
DesktopIds=firefox-esr

[DBus]
Own=org.mozilla.firefox_esr.*
