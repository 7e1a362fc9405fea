# Base for programs that need the internet: a user-mode network stack
# (slirp), not the host's network namespace, so the host's loopback
# services and abstract sockets stay out of reach.
[Profile]
Version=1
Description=Internet access through a user-mode network (slirp)
Include=default

[Network]
Mode=slirp
