# npm, pip, cargo: fetch dependencies and build the project in the current
# directory.  No home: caches go to the sandbox's empty home (a tmpfs).
# The project's .git stays read-only: an install script must not plant a
# hook that the next `git commit` outside the sandbox would run.  Run from
# the home directory (or above it), cwd is refused.
[Profile]
Version=1
Description=Build tools (npm, pip, cargo): internet, project directory read-write but .git, no home
Include=network

[Filesystem]
Filesystems=cwd;cwd/.git:ro
