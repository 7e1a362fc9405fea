[Profile]
Version=1
Description=curl: internet, current directory read-write, no home
Include=network

[Filesystem]
Filesystems=cwd
