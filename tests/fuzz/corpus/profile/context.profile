[Profile]
Version=1
Description=Seeds the newer keys
Include=gui
DesktopIds=org.gnome.Evince;libreoffice-writer;org.telegram.desktop;-bad

[Context]
Home=persist

[Devices]
Devices=u2f;webcam
