# The strict base every other profile builds on: what jail gives with no
# option at all.  Read-only /usr and /etc, fresh /proc and /dev, empty
# tmpfs $HOME, /tmp, /var/tmp and $XDG_RUNTIME_DIR, no network but loopback.
[Profile]
Version=1
Description=Strict base: read-only system, empty home, no network
