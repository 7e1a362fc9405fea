# Run an untrusted script from the current directory: it can read the
# directory, write nothing there, see no home and reach no network.
[Profile]
Version=1
Description=Untrusted Python script: current directory read-only, no home, no network
Include=default

[Filesystem]
Filesystems=cwd:ro

[Environment]
PYTHONDONTWRITEBYTECODE=1
