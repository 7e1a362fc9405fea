[Profile]
Version=1
Description=calibre e-book manager: the library in ~/Calibre Library, documents, downloads; news and metadata from the internet
Include=editor-common;network
DesktopIds=calibre-gui;calibre-ebook-viewer;calibre-ebook-edit;calibre-lrfviewer
# Settings and plug-ins stay in its own home: the real ~/.config/calibre
# is what an unsandboxed calibre loads and runs.

[Filesystem]
Filesystems=~/Calibre\sLibrary:create
