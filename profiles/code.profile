# Visual Studio Code edits what you open in it: give it your projects in
# code.local (Filesystems=~/src), or run it from a project directory with
# --filesystem=cwd.  Extensions and settings stay in its own home: the
# real ~/.vscode and ~/.config/Code are what an unsandboxed VS Code loads
# and runs.
[Profile]
Version=1
Description=Visual Studio Code: documents and downloads, extensions from the internet, password store
Include=editor-common;chromium-common
DesktopIds=code;code-url-handler;com.visualstudio.code

[Sockets]
Sockets=!cups
