# The Chromium engine (Chromium, Chrome, Brave, Electron apps): its own
# sandbox, the password store, the user's NSS certificate database.
[Profile]
Version=1
Description=Chromium engine base: its own sandbox, password store (Secret Service, KWallet), NSS certificates
Include=gui;network

[Context]
Home=persist

[Filesystem]
# Client certificates and added authorities (NSS, shared with the host's
# Chromium and Chrome).
Filesystems=~/.pki

[DBus]
# Saved passwords: GNOME Keyring or KeePassXC (Secret Service), KWallet.
Talk=org.freedesktop.secrets;org.kde.kwalletd5;org.kde.kwalletd6

[Seccomp]
# Chromium's zygote sandboxes renderers in user namespaces of their own.
AllowUserNamespaces=true
