# A command-line tool working on the current directory, offline.
[Profile]
Version=1
Description=Command-line tool: current directory read-write, no network
Include=default

[Filesystem]
Filesystems=cwd
