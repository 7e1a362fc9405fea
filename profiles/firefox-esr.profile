[Profile]
Version=1
Description=Firefox ESR web browser
Include=firefox

[DBus]
Own=org.mozilla.firefox_esr.*
