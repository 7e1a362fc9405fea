[Profile]
Version=1
Description=Atril document viewer (MATE): open, annotate and save a copy, print; offline
Include=viewer-common;dconf
DesktopIds=atril

[Filesystem]
Filesystems=xdg-config/atril

[DBus]
Own=org.mate.atril;org.mate.atril.*
