[Profile]
Version=1
Description=Krita painting program: pictures and documents read-write, printing, offline
Include=editor-common
DesktopIds=org.kde.krita
# Settings, resources and Python plug-ins stay in its own home: the real
# ~/.local/share/krita is what an unsandboxed Krita loads and runs.

[Filesystem]
Filesystems=xdg-pictures
