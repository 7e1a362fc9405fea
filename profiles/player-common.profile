# Base for media players: play from Music, Videos, Downloads and removable
# media, stream from the internet, sound (through PulseAudio or
# pipewire-pulse: no raw PipeWire, which also records and captures).
[Profile]
Version=1
Description=Media player base: music and videos read-only, streams, sound, a home of its own
Include=gui;network
# X11 shared memory (MIT-SHM) needs the host's IPC namespace; the cost:
# the user's other System V IPC objects are reachable too.
Shared=ipc

[Context]
Home=persist
# A document or file given as an argument is reachable, that file alone.
FileArgs=ro

[Filesystem]
Filesystems=xdg-music:ro;xdg-videos:ro;xdg-download:ro;/media:ro;/run/media:ro

[Sockets]
Sockets=pulseaudio

[DBus]
# Keep the screen on while a video plays.
Talk=org.freedesktop.ScreenSaver
