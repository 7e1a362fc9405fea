[Profile]
Version=1
Description=GIMP image editor: pictures and documents read-write, printing, offline
Include=editor-common
# X11 shared memory (MIT-SHM) needs the host's IPC namespace; the cost:
# the user's other System V IPC objects are reachable too.
Shared=ipc
DesktopIds=gimp;org.gimp.GIMP

[Filesystem]
# Its settings stay in its own home: the real ~/.config/GIMP holds the
# user's plug-ins and scripts, which an unsandboxed GIMP runs.
Filesystems=xdg-pictures
