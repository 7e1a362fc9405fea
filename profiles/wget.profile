[Profile]
Version=1
Description=wget: internet, current directory read-write, no home
Include=network

[Filesystem]
Filesystems=cwd
