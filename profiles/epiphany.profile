[Profile]
Version=1
Description=GNOME Web (Epiphany) browser
Include=browser-common;dconf
DesktopIds=org.gnome.Epiphany

[Filesystem]
Filesystems=xdg-config/epiphany;xdg-data/epiphany;xdg-cache/epiphany

[DBus]
Own=org.gnome.Epiphany;org.gnome.Epiphany.*

[Environment]
# WebKitGTK would build a bubblewrap sandbox of its own for its web
# processes, which cannot work inside jail's: bubblewrap needs mount(2)
# and pivot_root(2) (the filter refuses them; Landlock refuses any mount
# to a process it restricts) and a new procfs, which the kernel refuses
# while jail's /proc has read-only binds over /proc/sys and others.  The
# web processes run in this sandbox instead, with what it grants Epiphany.
WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1
