# npm, pip, cargo: fetch dependencies and build the project in the current
# directory.  No home: caches go to the sandbox's empty home (a tmpfs).
[Profile]
Version=1
Description=Build tools (npm, pip, cargo): internet, project directory read-write, no home
Include=network

[Filesystem]
Filesystems=cwd
