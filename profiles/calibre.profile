[Profile]
Version=1
Description=calibre e-book manager: the library in ~/Calibre Library, documents, downloads; news and metadata from the internet
Include=editor-common;network
DesktopIds=calibre-gui;calibre-ebook-viewer;calibre-ebook-edit;calibre-lrfviewer

[Filesystem]
Filesystems=~/Calibre\sLibrary:create;xdg-config/calibre
